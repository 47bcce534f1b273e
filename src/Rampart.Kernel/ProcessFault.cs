using Rampart.Hal.CoreControl;

namespace Rampart.Kernel;

/// <summary>Why a process faulted.</summary>
public enum FaultKind
{
    /// <summary>App code let an exception escape.</summary>
    Exception = 1,

    /// <summary>The watchdog: the app ran out of fuel (a runaway loop).</summary>
    OutOfFuel = 2,

    /// <summary>The app nested calls beyond its depth limit (runaway recursion).</summary>
    DepthExceeded = 3,

    /// <summary>The app could not be loaded or its entry type created.</summary>
    LoadFailed = 4,

    /// <summary>The app flooded its own run queue.</summary>
    RunQueueOverflow = 5,
}

/// <summary>
/// A fault as data (KERNEL.md): the exception's type name and message, never the exception object,
/// which would keep the app's frames — and so its collectible context — alive.
/// </summary>
/// <param name="Kind">The category.</param>
/// <param name="ExceptionType">Full name of the exception type.</param>
/// <param name="Message">Its message.</param>
public sealed record ProcessFault(FaultKind Kind, string ExceptionType, string Message)
{
    /// <summary>Copies what is needed out of <paramref name="exception"/>; the caller then drops it.</summary>
    public static ProcessFault From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (exception is AggregateException { InnerException: { } inner })
        {
            exception = inner;
        }

        var kind = exception is ExecutionBudgetExceededException budget
            ? budget.Budget == ExecutionBudget.Depth ? FaultKind.DepthExceeded : FaultKind.OutOfFuel
            : FaultKind.Exception;
        return new ProcessFault(kind, exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {ExceptionType}: {Message}";
}
