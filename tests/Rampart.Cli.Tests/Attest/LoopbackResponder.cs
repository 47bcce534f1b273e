using System.Net;
using Rampart.Crypto;
using Rampart.Host.SpdmEmu;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Tests.Attest;

/// <summary>What one command against a <see cref="LoopbackResponder"/> did.</summary>
/// <param name="Exit">The command's exit code.</param>
/// <param name="Stdout">What it printed.</param>
/// <param name="Stderr">What it printed as errors.</param>
/// <param name="StillServing">Whether the server was still serving after the command.</param>
/// <param name="Dropped">How many clients hung up on the server mid-connection.</param>
internal sealed record LoopbackRun(int Exit, string Stdout, string Stderr, bool StillServing, int Dropped);

/// <summary>Runs a <c>rampart</c> command against Rampart's own SPDM responder, fresh for the run, on loopback.</summary>
internal static class LoopbackResponder
{
    /// <summary>
    /// How long to wait for the server to stop after the command: a server told to shut down gets
    /// long enough for a loaded machine; one that should keep serving is only watched briefly.
    /// </summary>
    public static TimeSpan StopWait(string[] arguments) =>
        arguments.Contains("--shutdown-peer") ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Serves a test device made from <paramref name="seed"/> over <paramref name="transport"/>,
    /// runs the command <paramref name="args"/> gives (with <c>--connect</c> to the server added),
    /// then stops the server.
    /// </summary>
    public static async Task<LoopbackRun> RunAsync(ulong seed, SpdmEmuTransport transport, Func<TestSpdmDevice, string[]> args, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(seed));
        using var device = await TestSpdmDevice.CreateAsync(crypto);
        using var server = new SpdmEmuServer(new SpdmResponder(device, crypto), new IPEndPoint(IPAddress.Loopback, 0), transport);
        server.Start();
        var serving = server.RunAsync(cancel.Token);
        string[] arguments = [.. args(device), "--connect", server.LocalEndpoint.ToString()];
        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run(arguments), cancel.Token);
        var stillServing = await Task.WhenAny(serving, Task.Delay(StopWait(arguments), CancellationToken.None)) != serving;
        await cancel.CancelAsync();
        await serving;
        return new LoopbackRun(exit, stdout, stderr, stillServing, server.ConnectionsDropped);
    }
}
