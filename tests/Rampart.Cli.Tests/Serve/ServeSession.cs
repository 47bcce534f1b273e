using System.Net;
using System.Text;
using Rampart.Host.SpdmEmu;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Tests.Serve;

/// <summary>
/// <c>rampart serve spdm</c> running in-process on a pool thread, its output readable while it
/// runs (as a script reads the "serving SPDM on" line); disposing shuts a still-running server down.
/// </summary>
internal sealed class ServeSession : IAsyncDisposable
{
    private readonly SharedWriter _stdout = new();
    private readonly SharedWriter _stderr = new();

    private ServeSession(string[] args)
    {
        Completion = Task.Run(() => RampartCli.Run(args, _stdout, _stderr));
    }

    /// <summary>The exit code, once the command returns.</summary>
    public Task<int> Completion { get; }

    public string Stdout => _stdout.ToString();

    public string Stderr => _stderr.ToString();

    public IPEndPoint? Endpoint { get; private set; }

    public static ServeSession Start(params string[] args) => new(args);

    /// <summary>Waits (bounded) for a stdout line <paramref name="select"/> turns into an endpoint.</summary>
    public async Task<IPEndPoint> WaitForEndpointAsync(Func<string, string?> select, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !Completion.IsCompleted)
        {
            // Whole lines only: the last piece may still be being written.
            foreach (var line in Stdout.Split('\n')[..^1])
            {
                if (select(line) is { } text && IPEndPoint.TryParse(text, out var endpoint))
                {
                    Endpoint = endpoint;
                    return endpoint;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"serve did not announce its endpoint (exited: {Completion.IsCompleted}); stdout: {Stdout}; stderr: {Stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted && Endpoint is { } endpoint)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await using var client = await SpdmEmuClient.ConnectAsync(endpoint, SpdmEmuTransport.Mctp, timeout.Token);
                await client.ShutdownAsync(timeout.Token);
            }
            catch (Exception e) when (e is SpdmEmuException or OperationCanceledException or IOException)
            {
            }
        }

        await Completion.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A text writer two threads can share.</summary>
    private sealed class SharedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_text)
            {
                _text.Append(buffer, index, count);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
