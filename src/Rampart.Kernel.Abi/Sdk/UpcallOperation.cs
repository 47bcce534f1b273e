using System.Runtime.CompilerServices;

namespace Rampart.Kernel.Abi.Sdk;

/// <summary>The outcome of an awaited upcall: the upcall's arguments, or why none came.</summary>
/// <param name="Error">Null when the upcall arrived; the command's failure or <see cref="ErrorCode.Cancel"/> otherwise.</param>
/// <param name="Args">The upcall's arguments.</param>
public readonly record struct UpcallResult(ErrorCode? Error, UpcallArgs Args)
{
    /// <summary>True when the upcall arrived.</summary>
    public bool IsSuccess => Error is null;
}

/// <summary>
/// An awaitable completed by an upcall (KERNEL.md, "async apps"). The continuation is always
/// <em>posted</em> to the app's own context through <see cref="ISyscalls.Post"/>, never run inline
/// on the kernel's stack. Completing or cancelling restores the previous subscription and takes
/// back every buffer the operation allowed.
/// </summary>
public sealed class UpcallOperation : INotifyCompletion
{
    private readonly ISyscalls _syscalls;
    private readonly uint _driver;
    private readonly uint _subscribeNumber;
    private readonly List<(SyscallClass Kind, uint Number, AppSlice Previous)> _allows = [];
    private Upcall? _previous;
    private bool _subscribed;
    private Action? _continuation;
    private UpcallResult _result;
    private CancellationTokenRegistration _registration;

    internal UpcallOperation(ISyscalls syscalls, uint driver, uint subscribeNumber)
    {
        _syscalls = syscalls;
        _driver = driver;
        _subscribeNumber = subscribeNumber;
    }

    /// <summary>True once the upcall arrived, the operation failed or it was cancelled.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Awaiter pattern.</summary>
    public UpcallOperation GetAwaiter() => this;

    /// <summary>The result; valid once <see cref="IsCompleted"/>.</summary>
    public UpcallResult GetResult() => IsCompleted ? _result : new UpcallResult(ErrorCode.Busy, default);

    /// <summary>Registers the continuation; if already complete it is posted, not run.</summary>
    public void OnCompleted(Action continuation)
    {
        if (IsCompleted)
        {
            _syscalls.Post(continuation);
            return;
        }

        _continuation = continuation;
    }

    internal bool Allow(SyscallClass kind, uint number, AppSlice slice)
    {
        var result = kind switch
        {
            SyscallClass.ReadOnlyAllow => _syscalls.AllowReadOnly(_driver, number, slice),
            SyscallClass.UserspaceReadableAllow => _syscalls.AllowUserspaceReadable(_driver, number, slice),
            _ => _syscalls.AllowReadWrite(_driver, number, slice),
        };
        if (!result.IsSuccess)
        {
            Complete(new UpcallResult(result.Error, default));
            return false;
        }

        _allows.Add((kind, number, result.Previous));
        return true;
    }

    internal bool Subscribe()
    {
        var result = _syscalls.Subscribe(_driver, _subscribeNumber, OnUpcall);
        if (!result.IsSuccess)
        {
            Complete(new UpcallResult(result.Error, default));
            return false;
        }

        _previous = result.Previous;
        _subscribed = true;
        return true;
    }

    internal void Fail(ErrorCode error) => Complete(new UpcallResult(error, default));

    internal void Register(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled && !IsCompleted)
        {
            _registration = cancellationToken.Register(static state => ((UpcallOperation)state!).Cancel(), this);
        }
    }

    /// <summary>Cancels: unsubscribes, un-allows, completes with <see cref="ErrorCode.Cancel"/>.</summary>
    public void Cancel() => Complete(new UpcallResult(ErrorCode.Cancel, default));

    private void OnUpcall(UpcallArgs args) => Complete(new UpcallResult(null, args));

    private void Complete(UpcallResult result)
    {
        if (IsCompleted)
        {
            return;
        }

        IsCompleted = true;
        _result = result;
        if (_subscribed)
        {
            _syscalls.Subscribe(_driver, _subscribeNumber, _previous);
            _subscribed = false;
        }

        for (var i = _allows.Count - 1; i >= 0; i--)
        {
            var (kind, number, previous) = _allows[i];
            _ = kind switch
            {
                SyscallClass.ReadOnlyAllow => _syscalls.AllowReadOnly(_driver, number, previous),
                SyscallClass.UserspaceReadableAllow => _syscalls.AllowUserspaceReadable(_driver, number, previous),
                _ => _syscalls.AllowReadWrite(_driver, number, previous),
            };
        }

        _allows.Clear();
        _registration.Dispose();
        var continuation = _continuation;
        _continuation = null;
        if (continuation is not null)
        {
            _syscalls.Post(continuation);
        }
    }
}
