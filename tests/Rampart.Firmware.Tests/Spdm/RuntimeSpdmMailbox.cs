using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Firmware.Caliptra.Runtime;
using Rampart.Firmware.Mcu.Apps.Spdm;
using Rampart.Firmware.Tests.CaliptraRuntime;
using Rampart.Hal.Boot;
using Rampart.Hal.Peripherals;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Tests.Spdm;

/// <summary>
/// The SPDM app's mailbox served straight by a booted Caliptra runtime (no kernel in between),
/// whose handoff carries a real five-certificate ECC chain ending in the runtime's RT alias key.
/// </summary>
internal sealed class RuntimeSpdmMailbox : ISpdmMailbox, IDisposable
{
    private readonly byte[] _request = new byte[16 * 1024];
    private byte[] _response = [];

    private RuntimeSpdmMailbox(TestCaliptraHardware hardware, RuntimeMailboxService service, byte[] caCertificate)
    {
        Hardware = hardware;
        Service = service;
        CaCertificate = caCertificate;
    }

    public TestCaliptraHardware Hardware { get; }

    public RuntimeMailboxService Service { get; }

    public byte[] CaCertificate { get; }

    /// <summary>Commands executed, by command.</summary>
    public List<CaliptraCommand> Executed { get; } = [];

    /// <summary>Commands to refuse (tests of Caliptra saying no mid-request).</summary>
    public HashSet<CaliptraCommand> Refuse { get; } = [];

    public Span<byte> MailboxRequest => _request;

    public static async Task<RuntimeSpdmMailbox> BootAsync()
    {
        var hardware = new TestCaliptraHardware();
        hardware.Memory.Map(CaliptraSubsystem.McuSramBase, 4096);
        hardware.Memory.Map(RuntimeKeys.SocLoadAddress, 4096);
        hardware.FakeRecovery.Enqueue(RuntimeKeys.Manifest());
        hardware.FakeRecovery.Enqueue(RuntimeKeys.McuImage);
        var chain = Chain(hardware.EccPublicKey);
        var table = Assert.IsType<HandoffTable>(HandoffTable.TryRead(hardware.Handoff(), out var parsed) ? parsed : null)
            .Set(HandoffTags.CaEccCert, chain[0]).Set(HandoffTags.IdevIdEccCert, chain[1]).Set(HandoffTags.LdevIdEccCert, chain[2])
            .Set(HandoffTags.FmcAliasEccCert, chain[3]).Set(HandoffTags.RtAliasEccCert, chain[4]);
        var (service, exit) = await new Caliptra.Runtime.CaliptraRuntime().BootAsync(hardware, table.ToArray());
        Assert.Null(exit);
        return new RuntimeSpdmMailbox(hardware, service!, chain[0]);
    }

    public ValueTask<int> ExecuteAsync(CaliptraCommand command, int requestLength)
    {
        Executed.Add(command);
        if (Refuse.Contains(command))
        {
            return ValueTask.FromResult(-1);
        }

        Hardware.FakeMailbox.Execute((uint)command, _request.AsSpan(0, requestLength));
        Assert.True(Service.TryServeOne());
        _response = Hardware.FakeMailbox.Response;
        return ValueTask.FromResult(Hardware.FakeMailbox.Status == MailboxCommandStatus.DataReady ? _response.Length : -1);
    }

    public ReadOnlySpan<byte> MailboxResponse(int length) => _response.AsSpan(0, Math.Min(length, _response.Length));

    public void Dispose() => Hardware.Dispose();

    /// <summary>CA → IDevID → LDevID → FMC alias → RT alias, the last over the runtime's key (x ‖ y).</summary>
    private static byte[][] Chain(byte[] rtAliasPublicKey)
    {
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var names = new[] { "Test Manufacturer CA", "Test IDevID", "Test LDevID", "Test FMC Alias" };
        var keys = names.Select(_ => ECDsa.Create(ECCurve.NamedCurves.nistP384)).ToArray();
        var certificates = new List<X509Certificate2>();
        try
        {
            for (var i = 0; i < names.Length; i++)
            {
                var request = new CertificateRequest("CN=" + names[i], keys[i], HashAlgorithmName.SHA384);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                certificates.Add(i == 0
                    ? request.CreateSelfSigned(notBefore, notBefore.AddYears(20))
                    : request.Create(certificates[i - 1], notBefore, notBefore.AddYears(20), [(byte)i]).CopyWithPrivateKey(keys[i]));
            }

            using var leafKey = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP384,
                Q = new ECPoint { X = rtAliasPublicKey[..48], Y = rtAliasPublicKey[48..] },
            });
            var leaf = new CertificateRequest("CN=Test RT Alias", leafKey, HashAlgorithmName.SHA384);
            using var leafCertificate = leaf.Create(certificates[^1], notBefore, notBefore.AddYears(20), [9]);
            return [.. certificates.Select(c => c.RawData), leafCertificate.RawData];
        }
        finally
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }

            foreach (var k in keys)
            {
                k.Dispose();
            }
        }
    }
}
