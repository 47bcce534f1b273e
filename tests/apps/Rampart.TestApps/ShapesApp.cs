using Rampart.Kernel.Abi;

namespace Rampart.TestApps;

/// <summary>
/// Ordinary C# over a small class hierarchy, for the loader's class check (decision 0160): base and
/// derived classes, an interface, <c>List&lt;T&gt;</c> and <c>Func&lt;T&gt;</c> of them, covariant
/// arrays and interfaces, casts and pattern matching, conditional joins, a constrained generic method
/// and lambdas closing over them. Reports the total area (tag 1).
/// </summary>
public sealed class ShapesApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var shapes = new List<Shape> { new Square(2), new Rectangle(2, 3), new Square(1) };
        Func<Shape> make = () => new Square(3);
        Func<object> boxed = make;
        shapes.Add(make());
        IEnumerable<IArea> areas = shapes;
        IReadOnlyList<object> objects = shapes.ToArray();
        Shape[] array = new Square[] { new(4) };
        var total = Sum(areas) + Sum(array) + objects.Count + (boxed() is Square s ? s.Side : 0);
        Shape pick = total > 10 ? new Square(1) : new Rectangle(1, 1);
        IArea either = total > 10 ? pick : new Square(2);
        total += pick.Area() + either.Area() + Largest(shapes).Area();
        total += shapes.Where(shape => shape is Rectangle).Select(shape => (IArea)shape).Sum(area => area.Area());
        IArea unrelated = total > 3 ? new Circle(1) : new Square(1);
        IArea fallback = Find(shapes, 100) ?? unrelated;
        Func<IArea> late = total > 4 ? () => new Circle(2) : make;
        total += unrelated.Area() + fallback.Area() + late().Area() + Pick<IArea>(new Circle(3), shapes[0]).Area();
        Probe.Report(syscalls, 1, (uint)total);
        return Task.CompletedTask;
    }

    private static int Sum(IEnumerable<IArea> areas) => areas.Sum(area => area.Area());

    private static IArea? Find(List<Shape> shapes, int area) => shapes.Find(shape => shape.Area() == area);

    private static T Pick<T>(T first, T second)
        where T : IArea => first.Area() >= second.Area() ? first : second;

    private static T Largest<T>(IEnumerable<T> items)
        where T : class, IArea
    {
        T? best = null;
        foreach (var item in items)
        {
            if (best is null || item.Area() > best.Area())
            {
                best = item;
            }
        }

        return best ?? throw new InvalidOperationException("no shapes");
    }

    /// <summary>Something with an area.</summary>
    public interface IArea
    {
        /// <summary>The area.</summary>
        int Area();
    }

    /// <summary>A shape.</summary>
    public abstract class Shape : IArea
    {
        /// <inheritdoc />
        public abstract int Area();
    }

    /// <summary>A rectangle.</summary>
    public class Rectangle(int width, int height) : Shape
    {
        /// <inheritdoc />
        public override int Area() => width * height;
    }

    /// <summary>A circle (an area, not a shape).</summary>
    public sealed class Circle(int radius) : IArea
    {
        /// <inheritdoc />
        public int Area() => 3 * radius * radius;
    }

    /// <summary>A square.</summary>
    public sealed class Square(int side) : Rectangle(side, side)
    {
        /// <summary>The side.</summary>
        public int Side { get; } = side;
    }
}
