using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>
/// Arbitrary and mutated bytes into every PLDM decoder: no exception, nothing consumed on
/// failure, and whatever is accepted re-encodes to the same bytes.
/// </summary>
public sealed class PldmFuzzTests
{
    private static readonly (string Name, Action<byte[]> Check, string Seed)[] Decoders =
    [
        Entry<SetTidRequest>("05"),
        Entry<SetTidResponse>("00"),
        Entry<GetTidRequest>(""),
        Entry<GetTidResponse>("00 07"),
        Entry<GetPldmVersionRequest>("00000000 01 05"),
        Entry<GetPldmVersionResponse>("00 00000000 05 00F0F1F1 BABE9D53"),
        Entry<GetPldmTypesRequest>(""),
        Entry<GetPldmTypesResponse>("00 21 00 00 00 00 00 00 00"),
        Entry<GetPldmCommandsRequest>("05 00F0F3F1"),
        Entry<GetPldmCommandsResponse>("00 06002100000000000000000000000000000000000000000000000000000080"),
        Entry<QueryDeviceIdentifiersRequest>(""),
        Entry<QueryDeviceIdentifiersResponse>("00 0E000000 02 0000 0200 8680 0100 0400 78563412"),
        Entry<GetFirmwareParametersRequest>(""),
        Entry<GetFirmwareParametersResponse>(
            "00 03000000 0100 01 03 00 00 312E30 0A00 0100 00 01000000 01 03 3230323531323331 00000000 00 00 0000000000000000 0100 00000000 312E30"),
        Entry<QueryDownstreamDevicesRequest>(""),
        Entry<QueryDownstreamDevicesResponse>("00 01 0200 0400 03000000"),
        Entry<QueryDownstreamIdentifiersRequest>("00000000 01"),
        Entry<QueryDownstreamIdentifiersResponse>("00 00000000 05 09000000 0100 0000 01 0000 0200 8680"),
        Entry<GetDownstreamFirmwareParametersRequest>("00000000 01"),
        Entry<GetDownstreamFirmwareParametersResponse>(
            "00 00000000 05 01000000 0100 0200 05000000 01 03 3230323630313031 00000000 00 00 0000000000000000 0800 00000000 322E30"),
        Entry<RequestUpdateRequest>("00020000 0300 01 0000 01 05 312E302E30"),
        Entry<RequestUpdateResponse>("00 1000 02 00040000"),
        Entry<GetPackageDataRequest>("00000000 01"),
        Entry<GetPackageDataResponse>("00 10000000 01 AABBCC"),
        Entry<GetDeviceMetaDataRequest>("00000000 01"),
        Entry<GetDeviceMetaDataResponse>("00 00000000 04 DD"),
        Entry<GetMetaDataRequest>("00000000 01"),
        Entry<GetMetaDataResponse>("00 00000000 05 0102"),
        Entry<GetComponentOpaqueDataRequest>("00000000 01"),
        Entry<GetComponentOpaqueDataResponse>("00 00000000 05 0102"),
        Entry<PassComponentTableRequest>("05 0A00 0100 00 01000000 01 03 312E30"),
        Entry<PassComponentTableResponse>("00 01 06"),
        Entry<UpdateComponentRequest>("0A00 0100 00 01000000 00100000 01000000 01 03 312E30"),
        Entry<UpdateComponentResponse>("00 00 00 01000000 0500"),
        Entry<RequestFirmwareDataRequest>("00040000 00020000"),
        Entry<RequestFirmwareDataResponse>("00 DEADBEEF"),
        Entry<TransferCompleteRequest>("00"),
        Entry<TransferCompleteResponse>("00"),
        Entry<VerifyCompleteRequest>("00"),
        Entry<VerifyCompleteResponse>("00"),
        Entry<ApplyCompleteRequest>("01 0800"),
        Entry<ApplyCompleteResponse>("00"),
        Entry<ActivateFirmwareRequest>("01"),
        Entry<ActivateFirmwareResponse>("00 3C00"),
        Entry<GetStatusRequest>(""),
        Entry<GetStatusResponse>("00 03 02 00 00 32 00 01000000"),
        Entry<CancelUpdateComponentRequest>(""),
        Entry<CancelUpdateComponentResponse>("00"),
        Entry<CancelUpdateRequest>(""),
        Entry<CancelUpdateResponse>("00 01 0300000000000000"),
        Entry<ActivatePendingComponentImageSetRequest>(""),
        Entry<ActivatePendingComponentImageSetResponse>("00 1E00"),
        Entry<ActivatePendingComponentImageRequest>("0A00 0100 00"),
        Entry<ActivatePendingComponentImageResponse>("00 0500"),
        Entry<RequestDownstreamDeviceUpdateRequest>("00020000 01 0000"),
        Entry<RequestDownstreamDeviceUpdateResponse>("00 1000 02 00040000"),
        Entry<UpdateSecurityRevisionRequest>("FFFF 0300 FF"),
        Entry<UpdateSecurityRevisionResponse>("00"),
    ];

    public static TheoryData<string> DecoderNames()
    {
        var data = new TheoryData<string>();
        foreach (var decoder in Decoders)
        {
            data.Add(decoder.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecoderNames))]
    public void Seed_vector_is_accepted(string name)
    {
        var decoder = Find(name);
        decoder.Check(Hex(decoder.Seed));
    }

    [Theory]
    [MemberData(nameof(DecoderNames))]
    public void Arbitrary_bytes_never_throw(string name)
    {
        var decoder = Find(name);
        Gen.Byte.Array[0, 80].Sample(decoder.Check, iter: 2_000, threads: 1);
    }

    [Theory]
    [MemberData(nameof(DecoderNames))]
    public void Mutated_valid_bytes_never_throw(string name)
    {
        var decoder = Find(name);
        var seed = Hex(decoder.Seed);
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 200], Gen.Byte, Gen.Int[0, 100]).Sample((kind, at, value, cut) =>
        {
            var bytes = (byte[])seed.Clone();
            switch (kind)
            {
                case 0 when bytes.Length > 0:
                    bytes[at % bytes.Length] = value;
                    break;
                case 1:
                    bytes = bytes[..Math.Min(bytes.Length, cut)];
                    break;
                case 2:
                    bytes = [.. bytes, value];
                    break;
                default:
                    if (bytes.Length > 0)
                    {
                        bytes[at % bytes.Length] ^= (byte)(1 << (value & 7));
                    }

                    break;
            }

            decoder.Check(bytes);
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Every_command_has_a_fuzzed_request_and_response()
    {
        foreach (var command in Enum.GetValues<FirmwareUpdateCommand>().Where(c => c != FirmwareUpdateCommand.GetComponentOpaqueData))
        {
            var name = PldmMessageNames.CommandName(PldmType.FirmwareUpdate, (byte)command);
            Assert.Contains(Decoders, d => d.Name == name + "Request");
            Assert.Contains(Decoders, d => d.Name == name + "Response");
        }
    }

    private static (string Name, Action<byte[]> Check, string Seed) Find(string name) => Decoders.Single(d => d.Name == name);

    private static (string Name, Action<byte[]> Check, string Seed) Entry<T>(string seed)
        where T : IPldmMessage<T>, allows ref struct
    {
        var name = PldmMessageNames.CommandName(T.Type, T.Command) + (T.IsResponse ? "Response" : "Request");
        return (name, NeverThrows<T>, seed);
    }
}
