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
        Probe.Report(syscalls, 1, (uint)total);
        return Task.CompletedTask;
    }

    private static int Sum(IEnumerable<IArea> areas) => areas.Sum(area => area.Area());

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

    /// <summary>A square.</summary>
    public sealed class Square(int side) : Rectangle(side, side)
    {
        /// <summary>The side.</summary>
        public int Side { get; } = side;
    }
}
