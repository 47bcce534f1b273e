using System.Buffers.Binary;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Bindings;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>
/// ALGORITHMS' MeasurementHashAlgo is the responder's choice alone (NEGOTIATE_ALGORITHMS has no
/// such field): the requester takes whichever one algorithm it names. DMTF's
/// spdm_responder_emu picks SHA-512 by default, which Rampart refused as "selected
/// EcdsaP384/Sha384".
/// </summary>
public sealed class SpdmMeasurementHashTests
{
    /// <summary>ALGORITHMS: MeasurementHashAlgo is the u32 at offset 8 (DSP0274 ALGORITHMS response table).</summary>
    private const int MeasurementHashAlgoOffset = 8;

    private static async Task<(SpdmRequester Requester, TestSpdmDevice Device)> WithSelectionAsync(uint measurementHashAlgo)
    {
        var (requester, _, device, transport, _) = await SpdmFlowTests.CreateAsync(SecuredTransportProfile.Mctp);
        transport.TamperResponse = response =>
        {
            if (response.Length > MeasurementHashAlgoOffset + 4 && response[1] == (byte)SpdmCode.Algorithms)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(response.AsSpan(MeasurementHashAlgoOffset), measurementHashAlgo);
            }
        };
        return (requester, device);
    }

    [Theory]
    [InlineData(SpdmMeasurementHashAlgo.Sha512)]
    [InlineData(SpdmMeasurementHashAlgo.Sha256)]
    [InlineData(SpdmMeasurementHashAlgo.RawBitStreamOnly)]
    [InlineData(SpdmMeasurementHashAlgo.Sha3_384)]
    public async Task Any_single_measurement_hash_the_responder_selects_is_taken(SpdmMeasurementHashAlgo selected)
    {
        var (requester, device) = await WithSelectionAsync((uint)selected);
        using var _ = device;

        var outcome = await requester.InitConnectionAsync();

        Assert.True(outcome.IsOk, outcome.ToString());
        Assert.Equal(selected, requester.MeasurementHash);
    }

    [Fact]
    public async Task Two_measurement_hashes_at_once_are_malformed()
    {
        var (requester, device) = await WithSelectionAsync((uint)(SpdmMeasurementHashAlgo.Sha384 | SpdmMeasurementHashAlgo.Sha512));
        using var _ = device;

        var outcome = await requester.InitConnectionAsync();

        Assert.Equal(SpdmRequestStatus.Malformed, outcome.Status);
        Assert.Contains("MeasurementHashAlgo", outcome.ToString(), StringComparison.Ordinal);
    }
}
