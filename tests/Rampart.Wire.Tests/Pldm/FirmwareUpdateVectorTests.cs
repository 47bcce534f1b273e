using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>Byte layouts hand-assembled from the DSP0267 1.3 command tables.</summary>
public sealed class FirmwareUpdateVectorTests
{
    // PCI vendor 0x8086 and IANA 0x12345678 descriptors (14 bytes).
    private const string TwoDescriptors = "0000 0200 8680 0100 0400 78563412";

    // Component entry: Firmware (0x000A), id 1, index 0, active stamp 1, ASCII "1.0" dated 20251231,
    // nothing pending, automatic activation, no capabilities.
    private const string ComponentEntry =
        "0A00 0100 00 01000000 01 03 3230323531323331 00000000 00 00 0000000000000000 0100 00000000 312E30";

    // Downstream parameter entry: index 2, active stamp 5, ASCII "2.0", nothing pending.
    private const string DownstreamEntry =
        "0200 05000000 01 03 3230323630313031 00000000 00 00 0000000000000000 0800 00000000 322E30";

    [Fact]
    public void QueryDeviceIdentifiers()
    {
        ReadsAndWritesBack<QueryDeviceIdentifiersRequest>([]);
        var bytes = Hex("00 0E000000 02 " + TwoDescriptors);
        ReadsAndWritesBack<QueryDeviceIdentifiersResponse>(bytes);
        Assert.Equal(WireStatus.Done, QueryDeviceIdentifiersResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(2, response.Descriptors.Count);
        Assert.True(response.Descriptors.TryGetFirst(out var first));
        Assert.Equal(DescriptorType.PciVendorId, first.Type);
        EveryPrefixFails<QueryDeviceIdentifiersResponse>(bytes);
    }

    [Theory]
    [InlineData("length field one short", "00 0D000000 02 " + TwoDescriptors, WireStatus.Invalid)]
    [InlineData("length field one long", "00 0F000000 02 " + TwoDescriptors, WireStatus.NeedMoreData)]
    [InlineData("count says three", "00 0E000000 03 " + TwoDescriptors, WireStatus.Invalid)]
    [InlineData("count says one", "00 0E000000 01 " + TwoDescriptors, WireStatus.Invalid)]
    [InlineData("count zero", "00 00000000 00", WireStatus.Invalid)]
    [InlineData("first is not an initial descriptor", "00 06000000 01 0001 0200 3412", WireStatus.Invalid)]
    [InlineData("error response with data", "80 0E000000", WireStatus.Invalid)]
    public void QueryDeviceIdentifiers_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly<QueryDeviceIdentifiersResponse>(Hex(hex), expected);
    }

    [Fact]
    public void GetFirmwareParameters()
    {
        ReadsAndWritesBack<GetFirmwareParametersRequest>([]);
        var bytes = Hex("00 03000000 0100 01 03 00 00 312E30 " + ComponentEntry);
        ReadsAndWritesBack<GetFirmwareParametersResponse>(bytes);
        Assert.Equal(WireStatus.Done, GetFirmwareParametersResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(3u, response.CapabilitiesDuringUpdate);
        Assert.Equal("1.0"u8.ToArray(), response.ActiveVersion.ToArray());
        Assert.True(response.PendingVersion.IsEmpty);
        Assert.Equal(1, response.Components.Count);
        foreach (var entry in response.Components)
        {
            Assert.Equal(ComponentClassification.Firmware, entry.Classification);
            Assert.Equal(1, entry.Identifier);
            Assert.Equal(1u, entry.ActiveComparisonStamp);
            Assert.Equal("20251231"u8.ToArray(), entry.ActiveReleaseDate.ToArray());
            Assert.Equal("1.0"u8.ToArray(), entry.ActiveVersion.ToArray());
            Assert.Equal(ComponentActivationMethods.Automatic, entry.ActivationMethods);
        }

        EveryPrefixFails<GetFirmwareParametersResponse>(bytes);
    }

    [Theory]
    [InlineData("trailing byte after the table", "00 00000000 0100 01 03 00 00 312E30 " + ComponentEntry + " 00", WireStatus.Invalid)]
    [InlineData("count over the entries", "00 00000000 0200 01 03 00 00 312E30 " + ComponentEntry, WireStatus.NeedMoreData)]
    [InlineData("image set string of reserved type 7", "00 00000000 0000 07 01 00 00 31", WireStatus.Invalid)]
    [InlineData("entry with odd UTF-16LE version", "00 00000000 0100 01 01 00 00 31 0A00 0100 00 01000000 04 01 3230323531323331 00000000 00 00 0000000000000000 0100 00000000 31", WireStatus.Invalid)]
    public void GetFirmwareParameters_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly<GetFirmwareParametersResponse>(Hex(hex), expected);
    }

    [Fact]
    public void QueryDownstreamDevices()
    {
        ReadsAndWritesBack<QueryDownstreamDevicesRequest>([]);
        var bytes = Hex("00 01 0200 0400 03000000");
        ReadsAndWritesBack<QueryDownstreamDevicesResponse>(bytes);
        Assert.Equal(WireStatus.Done, QueryDownstreamDevicesResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(new QueryDownstreamDevicesResponse(PldmCompletionCode.Success, true, 2, 4, 3), response);
        EveryPrefixFails<QueryDownstreamDevicesResponse>(bytes);
        FailsCleanly<QueryDownstreamDevicesResponse>(Hex("00 02 0200 0400 03000000"), WireStatus.Invalid);
    }

    [Fact]
    public void QueryDownstreamIdentifiers()
    {
        ReadsAndWritesBack<QueryDownstreamIdentifiersRequest>(Hex("00000000 01"));
        FailsCleanly<QueryDownstreamIdentifiersRequest>(Hex("00000000 02"), WireStatus.Invalid);
        var bytes = Hex("00 00000000 05 09000000 0100 0000 01 0000 0200 8680");
        ReadsAndWritesBack<QueryDownstreamIdentifiersResponse>(bytes);
        Assert.Equal(WireStatus.Done, QueryDownstreamIdentifiersResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(WireStatus.Done, response.TryGetDevices(out var devices));
        Assert.Equal(1, devices.Count);
        foreach (var device in devices)
        {
            Assert.Equal(0, device.Index);
            Assert.Equal(1, device.Descriptors.Count);
        }

        EveryPrefixFails<QueryDownstreamIdentifiersResponse>(bytes);
        FailsCleanly<QueryDownstreamIdentifiersResponse>(Hex("00 00000000 05 08000000 0100 0000 01 0000 0200 8680"), WireStatus.Invalid);
        FailsCleanly<QueryDownstreamIdentifiersResponse>(Hex("00 00000000 06 09000000 0100 0000 01 0000 0200 8680"), WireStatus.Invalid);
        Assert.Equal(WireStatus.Done, QueryDownstreamIdentifiersResponse.TryRead(Hex("00 00000000 05 03000000 0100 0000 00"), out var empty, out _));
        Assert.Equal(WireStatus.Invalid, empty.TryGetDevices(out _));
    }

    [Fact]
    public void GetDownstreamFirmwareParameters()
    {
        ReadsAndWritesBack<GetDownstreamFirmwareParametersRequest>(Hex("78563412 00"));
        var bytes = Hex("00 00000000 05 01000000 0100 " + DownstreamEntry);
        ReadsAndWritesBack<GetDownstreamFirmwareParametersResponse>(bytes);
        Assert.Equal(WireStatus.Done, GetDownstreamFirmwareParametersResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(WireStatus.Done, response.TryGetEntries(out var count));
        Assert.Equal(1, count);
        Assert.Equal(WireStatus.Done, DownstreamDeviceParameterEntry.TryRead(response.Portion, out var entry, out _));
        Assert.Equal(2, entry.Index);
        Assert.Equal("2.0"u8.ToArray(), entry.ActiveVersion.ToArray());
        Assert.Equal(ComponentActivationMethods.SystemReboot, entry.ActivationMethods);
        FailsCleanly<GetDownstreamFirmwareParametersResponse>(Hex("00 00000000 05 01000000 01"), WireStatus.NeedMoreData);
    }

    [Fact]
    public void RequestUpdate()
    {
        var bytes = Hex("00020000 0300 01 0000 01 05 312E302E30");
        ReadsAndWritesBack<RequestUpdateRequest>(bytes);
        Assert.Equal(WireStatus.Done, RequestUpdateRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(512u, request.MaximumTransferSize);
        Assert.Equal(3, request.NumberOfComponents);
        Assert.Equal("1.0.0"u8.ToArray(), request.ImageSetVersion.ToArray());
        EveryPrefixFails<RequestUpdateRequest>(bytes);

        ReadsAndWritesBack<RequestUpdateResponse>(Hex("00 0000 00"));
        ReadsAndWritesBack<RequestUpdateResponse>(Hex("00 1000 01"));
        var withSize = Hex("00 1000 02 00040000");
        ReadsAndWritesBack<RequestUpdateResponse>(withSize);
        Assert.Equal(WireStatus.Done, RequestUpdateResponse.TryRead(withSize, out var response, out _));
        Assert.Equal(new RequestUpdateResponse(PldmCompletionCode.Success, 16, GetPackageDataIntent.WillSendWithMaximumTransferSize, 1024), response);
        ReadsAndWritesBack<RequestUpdateResponse>(Hex("81"));
    }

    [Theory]
    [InlineData("transfer size under the 32-byte baseline", "1F000000 0300 01 0000 01 01 31", WireStatus.Invalid)]
    [InlineData("no outstanding requests", "00020000 0300 00 0000 01 01 31", WireStatus.Invalid)]
    [InlineData("unknown string type 6", "00020000 0300 01 0000 06 01 31", WireStatus.Invalid)]
    [InlineData("ASCII string with a high byte", "00020000 0300 01 0000 01 01 B1", WireStatus.Invalid)]
    [InlineData("string shorter than its length", "00020000 0300 01 0000 01 06 312E302E30", WireStatus.NeedMoreData)]
    [InlineData("string longer than its length", "00020000 0300 01 0000 01 04 312E302E30", WireStatus.Invalid)]
    public void RequestUpdate_request_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly<RequestUpdateRequest>(Hex(hex), expected);
    }

    [Theory]
    [InlineData("FDWillSendGetPackageData 3 is reserved", "00 0000 03", WireStatus.Invalid)]
    [InlineData("transfer size missing after 2", "00 0000 02", WireStatus.NeedMoreData)]
    [InlineData("transfer size present after 1", "00 0000 01 00040000", WireStatus.Invalid)]
    [InlineData("truncated", "00 00", WireStatus.NeedMoreData)]
    public void RequestUpdate_response_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly<RequestUpdateResponse>(Hex(hex), expected);
    }

    [Fact]
    public void Package_and_metadata_parts()
    {
        ReadsAndWritesBack<GetPackageDataRequest>(Hex("00000000 01"));
        ReadsAndWritesBack<GetPackageDataResponse>(Hex("00 10000000 01 AABBCC"));
        ReadsAndWritesBack<GetDeviceMetaDataRequest>(Hex("10000000 00"));
        ReadsAndWritesBack<GetDeviceMetaDataResponse>(Hex("00 00000000 04 DD"));
        ReadsAndWritesBack<GetMetaDataRequest>(Hex("00000000 01"));
        ReadsAndWritesBack<GetMetaDataResponse>(Hex("00 00000000 05 0102"));
        ReadsAndWritesBack<GetPackageDataResponse>(Hex("8F"));
        FailsCleanly<GetPackageDataRequest>(Hex("00000000 02"), WireStatus.Invalid);
        FailsCleanly<GetMetaDataResponse>(Hex("00 00000000 00 01"), WireStatus.Invalid);
        FailsCleanly<GetDeviceMetaDataResponse>(Hex("00 00000000"), WireStatus.NeedMoreData);
    }

    [Fact]
    public void GetComponentOpaqueData_is_a_multipart_read()
    {
        var request = Hex("20000000 00");
        ReadsAndWritesBack<GetComponentOpaqueDataRequest>(request);
        Assert.Equal(WireStatus.Done, GetComponentOpaqueDataRequest.TryRead(request, out var parsed, out _));
        Assert.Equal(new GetComponentOpaqueDataRequest(0x20, TransferOperationFlag.GetNextPart), parsed);
        Assert.Equal(0x21, GetComponentOpaqueDataRequest.Command);
        EveryPrefixFails<GetComponentOpaqueDataRequest>(request);
        FailsCleanly<GetComponentOpaqueDataRequest>(Hex("00000000 02"), WireStatus.Invalid);
        FailsCleanly<GetComponentOpaqueDataRequest>(Hex("00000000 01 00"), WireStatus.Invalid);

        var response = Hex("00 00000000 04 C0FFEE");
        ReadsAndWritesBack<GetComponentOpaqueDataResponse>(response);
        Assert.Equal(WireStatus.Done, GetComponentOpaqueDataResponse.TryRead(response, out var part, out _));
        Assert.Equal(TransferFlag.End, part.TransferFlag);
        Assert.Equal(Hex("C0FFEE"), part.Portion.ToArray());
        ReadsAndWritesBack<GetComponentOpaqueDataResponse>(Hex("87"));
        FailsCleanly<GetComponentOpaqueDataResponse>(Hex("00 00000000 03 01"), WireStatus.Invalid);
        FailsCleanly<GetComponentOpaqueDataResponse>(Hex("00 000000"), WireStatus.NeedMoreData);
    }

    [Fact]
    public void PassComponentTable()
    {
        var bytes = Hex("05 0A00 0100 00 01000000 01 03 312E30");
        ReadsAndWritesBack<PassComponentTableRequest>(bytes);
        Assert.Equal(WireStatus.Done, PassComponentTableRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(TransferFlag.StartAndEnd, request.TransferFlag);
        Assert.Equal(ComponentClassification.Firmware, request.Classification);
        EveryPrefixFails<PassComponentTableRequest>(bytes);
        FailsCleanly<PassComponentTableRequest>(Hex("03 0A00 0100 00 01000000 01 03 312E30"), WireStatus.Invalid);

        ReadsAndWritesBack<PassComponentTableResponse>(Hex("00 00 00"));
        ReadsAndWritesBack<PassComponentTableResponse>(Hex("00 01 06"));
        ReadsAndWritesBack<PassComponentTableResponse>(Hex("00 01 D0"));
        FailsCleanly<PassComponentTableResponse>(Hex("00 02 00"), WireStatus.Invalid);
        FailsCleanly<PassComponentTableResponse>(Hex("00 01 0C"), WireStatus.Invalid);
    }

    [Fact]
    public void UpdateComponent()
    {
        var bytes = Hex("0A00 0100 00 01000000 00100000 01000000 01 03 312E30");
        ReadsAndWritesBack<UpdateComponentRequest>(bytes);
        Assert.Equal(WireStatus.Done, UpdateComponentRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(4096u, request.ImageSize);
        Assert.Equal(UpdateOptionFlags.ForceUpdate, request.UpdateOptionFlags);
        EveryPrefixFails<UpdateComponentRequest>(bytes);

        var response = Hex("00 00 00 01000000 0500");
        ReadsAndWritesBack<UpdateComponentResponse>(response);
        Assert.Equal(WireStatus.Done, UpdateComponentResponse.TryRead(response, out var parsed, out _));
        Assert.Equal(5, parsed.TimeBeforeRequestFirmwareData);
        EveryPrefixFails<UpdateComponentResponse>(response);
        FailsCleanly<UpdateComponentResponse>(Hex("00 02 00 01000000 0500"), WireStatus.Invalid);
    }

    [Fact]
    public void UpdateComponent_response_carries_the_opaque_data_size_only_with_flag_bit_1()
    {
        var response = Hex("00 00 00 02000000 0000 00040000");
        ReadsAndWritesBack<UpdateComponentResponse>(response);
        Assert.Equal(WireStatus.Done, UpdateComponentResponse.TryRead(response, out var parsed, out _));
        Assert.Equal(UpdateOptionFlags.ComponentOpaqueData, parsed.UpdateOptionFlagsEnabled);
        Assert.Equal(1024u, parsed.OpaqueDataMaximumTransferSize);
        EveryPrefixFails<UpdateComponentResponse>(response);

        // Bit 1 set but the size missing, or the size present without bit 1.
        FailsCleanly<UpdateComponentResponse>(Hex("00 00 00 02000000 0000"), WireStatus.NeedMoreData);
        FailsCleanly<UpdateComponentResponse>(Hex("00 00 00 01000000 0000 00040000"), WireStatus.Invalid);

        // The size is not written when the flag is clear.
        var written = new byte[16];
        Assert.True(new UpdateComponentResponse(PldmCompletionCode.Success, default, default, UpdateOptionFlags.ForceUpdate, 0, 1024).TryWrite(written, out var length));
        Assert.Equal(UpdateComponentResponse.Length, length);
    }

    [Fact]
    public void RequestFirmwareData()
    {
        var request = Hex("00040000 00020000");
        ReadsAndWritesBack<RequestFirmwareDataRequest>(request);
        Assert.Equal(WireStatus.Done, RequestFirmwareDataRequest.TryRead(request, out var parsed, out _));
        Assert.Equal(new RequestFirmwareDataRequest(1024, 512), parsed);
        EveryPrefixFails<RequestFirmwareDataRequest>(request);
        FailsCleanly<RequestFirmwareDataRequest>(Hex("00040000 00020000 00"), WireStatus.Invalid);

        ReadsAndWritesBack<RequestFirmwareDataResponse>(Hex("00 DEADBEEF"));
        ReadsAndWritesBack<RequestFirmwareDataResponse>(Hex("82"));
        FailsCleanly<RequestFirmwareDataResponse>(Hex("82 DEADBEEF"), WireStatus.Invalid);
        FailsCleanly<RequestFirmwareDataResponse>([], WireStatus.NeedMoreData);
    }

    [Fact]
    public void Transfer_verify_and_apply_complete()
    {
        ReadsAndWritesBack<TransferCompleteRequest>(Hex("00"));
        ReadsAndWritesBack<TransferCompleteRequest>(Hex("70"));
        ReadsAndWritesBack<TransferCompleteResponse>(Hex("00"));
        ReadsAndWritesBack<VerifyCompleteRequest>(Hex("01"));
        ReadsAndWritesBack<VerifyCompleteResponse>(Hex("88"));
        var apply = Hex("01 0800");
        ReadsAndWritesBack<ApplyCompleteRequest>(apply);
        Assert.Equal(WireStatus.Done, ApplyCompleteRequest.TryRead(apply, out var parsed, out _));
        Assert.Equal(new ApplyCompleteRequest(ApplyResult.SuccessWithActivationMethod, ComponentActivationMethods.SystemReboot), parsed);
        ReadsAndWritesBack<ApplyCompleteResponse>(Hex("00"));
        FailsCleanly<TransferCompleteRequest>(Hex("00 00"), WireStatus.Invalid);
        FailsCleanly<ApplyCompleteRequest>(Hex("00 00"), WireStatus.NeedMoreData);
        FailsCleanly<VerifyCompleteResponse>([], WireStatus.NeedMoreData);
    }

    [Fact]
    public void ActivateFirmware()
    {
        ReadsAndWritesBack<ActivateFirmwareRequest>(Hex("01"));
        ReadsAndWritesBack<ActivateFirmwareRequest>(Hex("00"));
        FailsCleanly<ActivateFirmwareRequest>(Hex("02"), WireStatus.Invalid);
        var response = Hex("00 3C00");
        ReadsAndWritesBack<ActivateFirmwareResponse>(response);
        Assert.Equal(WireStatus.Done, ActivateFirmwareResponse.TryRead(response, out var parsed, out _));
        Assert.Equal(60, parsed.EstimatedTimeForSelfContainedActivation);
        ReadsAndWritesBack<ActivateFirmwareResponse>(Hex("8B"));
    }

    [Fact]
    public void GetStatus()
    {
        ReadsAndWritesBack<GetStatusRequest>([]);
        var bytes = Hex("00 03 02 00 00 32 00 01000000");
        ReadsAndWritesBack<GetStatusResponse>(bytes);
        Assert.Equal(WireStatus.Done, GetStatusResponse.TryRead(bytes, out var status, out _));
        Assert.Equal(
            new GetStatusResponse(
                PldmCompletionCode.Success,
                FirmwareDeviceState.Download,
                FirmwareDeviceState.ReadyTransfer,
                AuxState.OperationInProgress,
                AuxStateStatus.InProgressOrSuccess,
                50,
                GetStatusReasonCode.Initialization,
                UpdateOptionFlags.ForceUpdate),
            status);
        EveryPrefixFails<GetStatusResponse>(bytes);
        ReadsAndWritesBack<GetStatusResponse>(Hex("00 00 06 03 00 65 C8 00000000"));
    }

    [Theory]
    [InlineData("current state 7 is reserved", "00 07 02 00 00 32 00 00000000")]
    [InlineData("previous state 0xFF", "00 03 FF 00 00 32 00 00000000")]
    [InlineData("aux state 4 is reserved", "00 03 02 04 00 32 00 00000000")]
    [InlineData("progress 102 percent", "00 03 02 00 00 66 00 00000000")]
    [InlineData("reason code 8 is reserved", "00 00 06 03 00 65 08 00000000")]
    [InlineData("trailing byte", "00 03 02 00 00 32 00 00000000 00")]
    public void GetStatus_rejects(string name, string hex)
    {
        Assert.NotNull(name);
        FailsCleanly<GetStatusResponse>(Hex(hex), WireStatus.Invalid);
    }

    [Fact]
    public void Cancels()
    {
        ReadsAndWritesBack<CancelUpdateComponentRequest>([]);
        ReadsAndWritesBack<CancelUpdateComponentResponse>(Hex("00"));
        ReadsAndWritesBack<CancelUpdateRequest>([]);
        var bytes = Hex("00 01 0300000000000000");
        ReadsAndWritesBack<CancelUpdateResponse>(bytes);
        Assert.Equal(WireStatus.Done, CancelUpdateResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(new CancelUpdateResponse(PldmCompletionCode.Success, true, 3), response);
        EveryPrefixFails<CancelUpdateResponse>(bytes);
        FailsCleanly<CancelUpdateResponse>(Hex("00 02 0300000000000000"), WireStatus.Invalid);
        FailsCleanly<CancelUpdateRequest>(Hex("00"), WireStatus.Invalid);
    }

    [Theory]
    [InlineData(nameof(QueryDeviceIdentifiersRequest), QueryDeviceIdentifiersRequest.Length, 0)]
    [InlineData(nameof(QueryDeviceIdentifiersResponse), QueryDeviceIdentifiersResponse.FixedLength, 6)]
    [InlineData(nameof(GetFirmwareParametersRequest), GetFirmwareParametersRequest.Length, 0)]
    [InlineData(nameof(GetFirmwareParametersResponse), GetFirmwareParametersResponse.FixedLength, 11)]
    [InlineData(nameof(ComponentParameterEntry), ComponentParameterEntry.FixedLength, 39)]
    [InlineData(nameof(QueryDownstreamDevicesResponse), QueryDownstreamDevicesResponse.Length, 10)]
    [InlineData(nameof(QueryDownstreamIdentifiersRequest), QueryDownstreamIdentifiersRequest.Length, 5)]
    [InlineData(nameof(QueryDownstreamIdentifiersResponse), QueryDownstreamIdentifiersResponse.FixedLength, 12)]
    [InlineData(nameof(DownstreamDevice), DownstreamDevice.FixedLength, 3)]
    [InlineData(nameof(GetDownstreamFirmwareParametersRequest), GetDownstreamFirmwareParametersRequest.Length, 5)]
    [InlineData(nameof(GetDownstreamFirmwareParametersResponse), GetDownstreamFirmwareParametersResponse.FixedLength, 12)]
    [InlineData(nameof(DownstreamDeviceParameterEntry), DownstreamDeviceParameterEntry.FixedLength, 36)]
    [InlineData(nameof(RequestUpdateRequest), RequestUpdateRequest.FixedLength, 11)]
    [InlineData(nameof(RequestUpdateResponse), RequestUpdateResponse.Length, 4)]
    [InlineData(nameof(RequestUpdateResponse.LengthWithTransferSize), RequestUpdateResponse.LengthWithTransferSize, 8)]
    [InlineData(nameof(GetPackageDataRequest), GetPackageDataRequest.Length, 5)]
    [InlineData(nameof(GetDeviceMetaDataRequest), GetDeviceMetaDataRequest.Length, 5)]
    [InlineData(nameof(GetMetaDataRequest), GetMetaDataRequest.Length, 5)]
    [InlineData(nameof(MultipartTransfer.ResponseFixedLength), MultipartTransfer.ResponseFixedLength, 6)]
    [InlineData(nameof(PassComponentTableRequest), PassComponentTableRequest.FixedLength, 12)]
    [InlineData(nameof(PassComponentTableResponse), PassComponentTableResponse.Length, 3)]
    [InlineData(nameof(UpdateComponentRequest), UpdateComponentRequest.FixedLength, 19)]
    [InlineData(nameof(UpdateComponentResponse), UpdateComponentResponse.Length, 9)]
    [InlineData(nameof(RequestFirmwareDataRequest), RequestFirmwareDataRequest.EncodedSize, 8)]
    [InlineData(nameof(RequestFirmwareDataResponse), RequestFirmwareDataResponse.FixedLength, 1)]
    [InlineData(nameof(TransferCompleteRequest), TransferCompleteRequest.Length, 1)]
    [InlineData(nameof(VerifyCompleteRequest), VerifyCompleteRequest.Length, 1)]
    [InlineData(nameof(ApplyCompleteRequest), ApplyCompleteRequest.Length, 3)]
    [InlineData(nameof(ActivateFirmwareRequest), ActivateFirmwareRequest.Length, 1)]
    [InlineData(nameof(ActivateFirmwareResponse), ActivateFirmwareResponse.Length, 3)]
    [InlineData(nameof(GetStatusRequest), GetStatusRequest.Length, 0)]
    [InlineData(nameof(GetStatusResponse), GetStatusResponse.Length, 11)]
    [InlineData(nameof(CancelUpdateComponentRequest), CancelUpdateComponentRequest.Length, 0)]
    [InlineData(nameof(CancelUpdateComponentResponse), CancelUpdateComponentResponse.Length, 1)]
    [InlineData(nameof(CancelUpdateRequest), CancelUpdateRequest.Length, 0)]
    [InlineData(nameof(CancelUpdateResponse), CancelUpdateResponse.Length, 10)]
    [InlineData(nameof(TransferCompleteResponse), TransferCompleteResponse.Length, 1)]
    [InlineData(nameof(VerifyCompleteResponse), VerifyCompleteResponse.Length, 1)]
    [InlineData(nameof(ApplyCompleteResponse), ApplyCompleteResponse.Length, 1)]
    public void Fixed_sizes_match_DSP0267_tables(string name, int actual, int expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, actual);
    }
}
