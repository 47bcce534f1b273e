using System.Text.Json;
using Rampart.Wire.Capture;
using Rampart.Wire.Mctp;

namespace Rampart.Cli.Tests;

public sealed class TraceCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rampart-trace-" + Guid.NewGuid().ToString("N"));

    public TraceCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteCapture(string name, bool truncate = false, bool malformed = false)
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.LinuxSll2);
        var buffer = new byte[68];
        foreach (var (message, time, tag) in new[] { (new byte[] { 0x00, 0x81, 0x02 }, 10L, (byte)1), (new byte[] { 0x00, 0x01, 0x02, 0x00, 0x0A, 0x00, 0x00 }, 20L, (byte)1) })
        {
            var packetizer = new MctpPacketizer(message, 64, 0x0A, 0x08, message[1] == 0x81, tag);
            packetizer.TryWriteNext(buffer, out var n);
            writer.WriteMctpPacket(time, buffer.AsSpan(0, n));
        }

        if (malformed)
        {
            writer.WriteMctpPacket(30, [0x01, 0x0A, 0x08, 0x58, 0x00]);
        }

        var bytes = stream.ToArray();
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, truncate ? bytes[..^3] : bytes);
        return path;
    }

    [Fact]
    public void Decode_prints_a_table_of_named_messages()
    {
        var (exit, stdout, stderr) = CliRunner.Run("trace", "decode", WriteCapture("ok.pcap"));
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("Get Endpoint ID request", stdout, StringComparison.Ordinal);
        Assert.Contains("Get Endpoint ID response", stdout, StringComparison.Ordinal);
        Assert.Contains("2 message(s), 0 flagged", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_json_lists_records_and_flags_malformed_frames_with_exit_0()
    {
        var (exit, stdout, _) = CliRunner.Run("trace", "decode", WriteCapture("flagged.pcap", malformed: true), "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(276, root.GetProperty("linkType").GetInt32());
        Assert.Equal(1, root.GetProperty("flagged").GetInt32());
        var records = root.GetProperty("records");
        Assert.Equal(3, records.GetArrayLength());
        Assert.Equal("Get Endpoint ID response", records[1].GetProperty("name").GetString());
        Assert.Equal(2, records[2].GetProperty("frame").GetInt32());
        Assert.Contains("without SOM", records[2].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_file_exits_1_naming_the_frame_and_byte()
    {
        var (exit, _, stderr) = CliRunner.Run("trace", "decode", WriteCapture("cut.pcap", truncate: true));
        Assert.Equal(1, exit);
        Assert.Contains("record 1 at byte", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_1_and_missing_argument_exits_2()
    {
        Assert.Equal(1, CliRunner.Run("trace", "decode", Path.Combine(_directory, "none.pcap")).Exit);
        Assert.Equal(2, CliRunner.Run("trace", "decode").Exit);
    }
}
