using System.Runtime.CompilerServices;

namespace Rampart.Kernel.Abi.Sdk;

/// <summary>
/// The async app SDK over <see cref="ISyscalls"/> (KERNEL.md, "async apps"): awaitables completed
/// by upcalls, continuations posted to the app's own context, cancellation that unsubscribes and
/// un-allows.
/// </summary>
public static class AppSdk
{
    /// <summary>Awaits the next upcall on (<paramref name="driver"/>, <paramref name="subscribeNumber"/>).</summary>
    public static UpcallOperation NextUpcall(this ISyscalls syscalls, uint driver, uint subscribeNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var operation = new UpcallOperation(syscalls, driver, subscribeNumber);
        if (operation.Subscribe())
        {
            operation.Register(cancellationToken);
        }

        return operation;
    }

    /// <summary>
    /// Allows the given buffers (read-only buffer 0, read-write buffer 0 when non-empty), subscribes
    /// to <paramref name="subscribeNumber"/>, issues the command and awaits its completion upcall.
    /// A failing allow, subscribe or command completes at once with that error and undoes the rest.
    /// </summary>
    public static UpcallOperation CommandAsync(
        this ISyscalls syscalls,
        uint driver,
        uint commandNumber,
        uint arg0,
        uint arg1,
        uint subscribeNumber,
        AppSlice readOnly = default,
        AppSlice readWrite = default,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var operation = new UpcallOperation(syscalls, driver, subscribeNumber);
        if (!readOnly.IsEmpty && !operation.Allow(SyscallClass.ReadOnlyAllow, 0, readOnly))
        {
            return operation;
        }

        if (!readWrite.IsEmpty && !operation.Allow(SyscallClass.ReadWriteAllow, 0, readWrite))
        {
            return operation;
        }

        if (!operation.Subscribe())
        {
            return operation;
        }

        var result = syscalls.Command(driver, commandNumber, arg0, arg1);
        if (!result.IsSuccess)
        {
            operation.Fail(result.Error ?? ErrorCode.Fail);
            return operation;
        }

        operation.Register(cancellationToken);
        return operation;
    }

    /// <summary>Lets other posted work of this app and other apps run first (a posted continuation).</summary>
    public static PostAwaitable YieldAsync(this ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        return new PostAwaitable(syscalls);
    }

    /// <summary>Awaits yield-wait-for: the next upcall of that id, handed over instead of delivered.</summary>
    public static YieldForOperation WaitFor(this ISyscalls syscalls, uint driver, uint subscribeNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        return new YieldForOperation(syscalls, driver, subscribeNumber, cancellationToken);
    }
}

/// <summary>An awaitable that completes by posting its continuation to the app's context.</summary>
public readonly struct PostAwaitable : INotifyCompletion
{
    private readonly ISyscalls _syscalls;

    internal PostAwaitable(ISyscalls syscalls)
    {
        _syscalls = syscalls;
    }

    /// <summary>Never complete synchronously: the point is to give way.</summary>
    public bool IsCompleted => false;

    /// <summary>Awaiter pattern.</summary>
    public PostAwaitable GetAwaiter() => this;

    /// <summary>Nothing to return.</summary>
    public void GetResult()
    {
    }

    /// <summary>Posts the continuation.</summary>
    public void OnCompleted(Action continuation) => _syscalls.Post(continuation);
}

/// <summary>Yield wait-for as an awaitable; cancelling withdraws the wait.</summary>
public sealed class YieldForOperation : INotifyCompletion
{
    private readonly ISyscalls _syscalls;
    private readonly uint _driver;
    private readonly uint _subscribeNumber;
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private Action? _continuation;
    private UpcallResult _result;
    private bool _waiting;

    internal YieldForOperation(ISyscalls syscalls, uint driver, uint subscribeNumber, CancellationToken cancellationToken)
    {
        _syscalls = syscalls;
        _driver = driver;
        _subscribeNumber = subscribeNumber;
        _cancellationToken = cancellationToken;
    }

    /// <summary>True once the upcall arrived or the wait failed or was cancelled.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Awaiter pattern.</summary>
    public YieldForOperation GetAwaiter() => this;

    /// <summary>The result.</summary>
    public UpcallResult GetResult() => IsCompleted ? _result : new UpcallResult(ErrorCode.Busy, default);

    /// <summary>Starts the wait; the continuation is posted when the upcall arrives.</summary>
    public void OnCompleted(Action continuation)
    {
        _continuation = continuation;
        if (IsCompleted)
        {
            Finish();
            return;
        }

        if (_cancellationToken.IsCancellationRequested)
        {
            Complete(new UpcallResult(ErrorCode.Cancel, default));
            return;
        }

        var started = _syscalls.YieldWaitFor(_driver, _subscribeNumber, args => Complete(new UpcallResult(null, args)));
        if (!started.IsSuccess)
        {
            Complete(new UpcallResult(started.Error, default));
            return;
        }

        _waiting = true;
        _registration = _cancellationToken.Register(static state =>
        {
            var self = (YieldForOperation)state!;
            if (self._waiting)
            {
                self._syscalls.CancelYield();
            }

            self.Complete(new UpcallResult(ErrorCode.Cancel, default));
        }, this);
    }

    private void Complete(UpcallResult result)
    {
        if (IsCompleted)
        {
            return;
        }

        _waiting = false;
        IsCompleted = true;
        _result = result;
        _registration.Dispose();
        Finish();
    }

    private void Finish()
    {
        var continuation = _continuation;
        _continuation = null;
        if (continuation is not null)
        {
            _syscalls.Post(continuation);
        }
    }
}
