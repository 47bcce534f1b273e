using Rampart.Kernel.Abi;

namespace Rampart.TestApps;

/// <summary>Numbers the test apps share with the tests' probe capsule and the kernel's capsules.</summary>
public static class Probe
{
    /// <summary>The tests' recorder capsule: command 1 (tag, value) records a pair.</summary>
    public const uint Recorder = 0x0009_00FF;

    /// <summary>The kernel's echo capsule.</summary>
    public const uint Echo = 0x0009_0001;

    /// <summary>Tock's console driver.</summary>
    public const uint Console = 0x0000_0001;

    /// <summary>Records (tag, value) with the recorder capsule.</summary>
    public static void Report(ISyscalls syscalls, uint tag, uint value) => syscalls.Command(Recorder, 1, tag, value);

    /// <summary>Records a syscall outcome: 0 for success, else the error code.</summary>
    public static void Report(ISyscalls syscalls, uint tag, SyscallReturn result) =>
        Report(syscalls, tag, result.IsSuccess ? 0 : (uint)result.Error!.Value);

    /// <summary>Records an allow outcome.</summary>
    public static void Report(ISyscalls syscalls, uint tag, AllowResult result) =>
        Report(syscalls, tag, result.IsSuccess ? 0 : (uint)result.Error!.Value);

    /// <summary>Writes a line through the console capsule, from offset <paramref name="at"/> of the app's memory.</summary>
    public static void Log(ISyscalls syscalls, string text, int at = 512)
    {
        var memory = syscalls.Memory;
        var length = System.Text.Encoding.UTF8.GetBytes(text, memory[at..]);
        syscalls.AllowReadOnly(Console, 1, new AppSlice(at, length));
        syscalls.Command(Console, 1, (uint)length, 0);
        syscalls.AllowReadOnly(Console, 1, AppSlice.Empty);
    }
}
