using System.Collections.Frozen;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// Sync-over-async, refused for apps and stages alike (docs/decisions/0160-kernel-cooperative-syscalls.md):
/// the kernel runs every app on its one scheduler thread, so waiting there for a task that only that
/// thread can complete deadlocks the chip. <c>Task.Wait</c>, <c>WaitAll</c>, <c>WaitAny</c> and the
/// <c>Result</c> getters are refused by name wherever they are named (also through <c>Task&lt;T&gt;</c>,
/// which inherits them). An awaiter's <c>GetResult</c> — <c>TaskAwaiter</c>, <c>ValueTaskAwaiter</c>,
/// the configured awaiters, the SDK's own — is what the compiler emits after an <c>await</c>, so it is
/// allowed only in the <c>MoveNext</c> of an <c>IAsyncStateMachine</c> and refused everywhere else.
/// </summary>
internal static class BlockingWaits
{
    /// <summary>The member name of the awaiter pattern's result method (C# spec §12.9.8.2).</summary>
    public const string AwaiterResultName = "GetResult";

    /// <summary>Refused wherever named ("Type::member"; a generic type keeps its definition name).</summary>
    private static readonly FrozenSet<string> Refused = new[]
    {
        "System.Threading.Tasks.Task::Wait", "System.Threading.Tasks.Task::WaitAll", "System.Threading.Tasks.Task::WaitAny",
        "System.Threading.Tasks.Task`1::Wait", "System.Threading.Tasks.Task`1::WaitAll", "System.Threading.Tasks.Task`1::WaitAny",
        "System.Threading.Tasks.Task`1::get_Result", "System.Threading.Tasks.ValueTask`1::get_Result",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The BCL awaiters whose <c>GetResult</c> waits for an incomplete task (Cecil's names: nested types after '/').</summary>
    private static readonly FrozenSet<string> BlockingAwaiters = new[]
    {
        "System.Runtime.CompilerServices.TaskAwaiter", "System.Runtime.CompilerServices.TaskAwaiter`1",
        "System.Runtime.CompilerServices.ValueTaskAwaiter", "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable/ConfiguredTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1/ConfiguredTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable/ConfiguredValueTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1/ConfiguredValueTaskAwaiter",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="typeFullName"/> is an awaiter whose <c>GetResult</c> blocks until its task completes.</summary>
    public static bool IsBlockingAwaiter(string typeFullName) => BlockingAwaiters.Contains(typeFullName);

    /// <summary>Refuses a blocking member named from outside the assembly.</summary>
    public static LoadRefusal CheckMember(string typeFullName, string member)
    {
        var key = typeFullName + "::" + member;
        return Refused.Contains(key)
            ? new LoadRefusal(LoadRefusalReason.ForbiddenMember, key + " (blocks the kernel's thread)")
            : LoadRefusal.None;
    }

    /// <summary>
    /// True for an instance <c>GetResult</c> defined outside the assembly: any awaiter's, since whether
    /// it blocks is the awaiter's business (the BCL's block on an incomplete task).
    /// </summary>
    public static bool IsAwaiterResult(string member, bool hasThis) => hasThis && member == AwaiterResultName;

    /// <summary>The refusal for an awaiter's <c>GetResult</c> called or taken as a delegate outside an async state machine.</summary>
    public static LoadRefusal AwaiterResultOutsideStateMachine(string member, string where) =>
        new(LoadRefusalReason.ForbiddenMember, member + " outside an async state machine in " + where + " (blocks the kernel's thread)");
}
