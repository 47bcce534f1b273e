using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>Write → read → equal for every DSP0267 message, over generated field values.</summary>
public sealed class FirmwareUpdateRoundTripTests
{
    private static readonly Gen<PldmCompletionCode> GenError = Gen.Byte[1, 255].Select(b => (PldmCompletionCode)b);
    private static readonly Gen<TransferFlag> GenFlag = Gen.OneOfConst(TransferFlag.Start, TransferFlag.Middle, TransferFlag.End, TransferFlag.StartAndEnd);
    private static readonly Gen<TransferOperationFlag> GenOp = Gen.OneOfConst(TransferOperationFlag.GetFirstPart, TransferOperationFlag.GetNextPart);
    private static readonly Gen<ComponentResponseCode> GenResponseCode =
        Gen.OneOf(Gen.Byte[0, 0x0B], Gen.Byte[0xD0, 0xEF]).Select(b => (ComponentResponseCode)b);

    private static readonly Gen<(VersionStringType Type, byte[] Bytes)> GenVersion =
        Gen.Select(
            Gen.OneOfConst(VersionStringType.Ascii, VersionStringType.Utf8, VersionStringType.Utf16LittleEndian, VersionStringType.Utf16BigEndian, VersionStringType.Utf16),
            Gen.String[Gen.Char.AlphaNumeric, 0, 40])
        .Select((type, text) => (type, VersionStrings.Encode(type, text)));

    private static readonly Gen<byte[]> GenDescriptors = Gen.Byte.Array[16].Array[1, 5].Select(pools =>
    {
        var buffer = new byte[pools.Length * 20];
        var offset = 0;
        for (var i = 0; i < pools.Length; i++)
        {
            var type = i == 0 ? DescriptorType.Uuid : DescriptorType.PciDeviceId;
            var descriptor = new Descriptor(type, pools[i].AsSpan(0, DescriptorTypes.ExpectedDataLength(type)));
            Assert.True(descriptor.TryWrite(buffer.AsSpan(offset), out var written));
            offset += written;
        }

        return buffer[..offset];
    });

    [Fact]
    public void Empty_requests_and_code_only_responses()
    {
        RoundTrip(default(QueryDeviceIdentifiersRequest));
        RoundTrip(default(GetFirmwareParametersRequest));
        RoundTrip(default(QueryDownstreamDevicesRequest));
        RoundTrip(default(GetStatusRequest));
        RoundTrip(default(CancelUpdateComponentRequest));
        RoundTrip(default(CancelUpdateRequest));
        Gen.Byte.Select(b => (PldmCompletionCode)b).Sample(cc =>
        {
            RoundTrip(new TransferCompleteResponse(cc));
            RoundTrip(new VerifyCompleteResponse(cc));
            RoundTrip(new ApplyCompleteResponse(cc));
            RoundTrip(new CancelUpdateComponentResponse(cc));
        });
    }

    [Fact]
    public void Error_responses_carry_only_their_code()
    {
        GenError.Sample(cc =>
        {
            Assert.Single(RoundTrip(new GetStatusResponse { CompletionCode = cc }));
            Assert.Single(RoundTrip(new CancelUpdateResponse(cc, false, 0)));
            Assert.Single(RoundTrip(new QueryDownstreamDevicesResponse(cc, false, 0, 0, 0)));
            Assert.Single(RoundTrip(new RequestUpdateResponse(cc, 0, GetPackageDataIntent.WillNotSend, 0)));
            Assert.Single(RoundTrip(new PassComponentTableResponse(cc, default, default)));
            Assert.Single(RoundTrip(new UpdateComponentResponse(cc, default, default, default, 0)));
            Assert.Single(RoundTrip(new ActivateFirmwareResponse(cc, 0)));
            Assert.Single(RoundTrip(new RequestFirmwareDataResponse(cc, default)));
            Assert.Single(RoundTrip(GetPackageDataResponse.Error(cc)));
            Assert.Single(RoundTrip(GetDeviceMetaDataResponse.Error(cc)));
            Assert.Single(RoundTrip(GetMetaDataResponse.Error(cc)));
            Assert.Single(RoundTrip(GetComponentOpaqueDataResponse.Error(cc)));
            Assert.Single(RoundTrip(new QueryDeviceIdentifiersResponse(cc, default)));
            Assert.Single(RoundTrip(new QueryDownstreamIdentifiersResponse(cc, 0, default, 0, default)));
            Assert.Single(RoundTrip(new GetDownstreamFirmwareParametersResponse(cc, 0, default, 0, 0, default)));
            Assert.Single(RoundTrip(new GetFirmwareParametersResponse(cc, 0, VersionStringType.Unknown, default, VersionStringType.Unknown, default, default)));
        });
    }

    [Fact]
    public void Fixed_messages()
    {
        Gen.Select(Gen.UInt, Gen.UInt).Sample((offset, length) => RoundTrip(new RequestFirmwareDataRequest(offset, length)));
        Gen.Byte.Sample(b =>
        {
            RoundTrip(new TransferCompleteRequest((TransferResult)b));
            RoundTrip(new VerifyCompleteRequest((VerifyResult)b));
        });
        Gen.Select(Gen.Byte, Gen.UShort).Sample((result, methods) =>
            RoundTrip(new ApplyCompleteRequest((ApplyResult)result, (ComponentActivationMethods)methods)));
        Gen.Bool.Sample(b => RoundTrip(new ActivateFirmwareRequest(b)));
        Gen.UShort.Sample(t => RoundTrip(new ActivateFirmwareResponse(PldmCompletionCode.Success, t)));
        Gen.Select(Gen.Byte[0, 6], Gen.Byte[0, 6], Gen.Byte[0, 3], Gen.Byte, Gen.Byte[0, 101], Gen.OneOf(Gen.Byte[0, 7], Gen.Byte[200, 255]), Gen.UInt)
            .Sample((current, previous, aux, auxStatus, progress, reason, flags) => RoundTrip(new GetStatusResponse(
                PldmCompletionCode.Success,
                (FirmwareDeviceState)current,
                (FirmwareDeviceState)previous,
                (AuxState)aux,
                (AuxStateStatus)auxStatus,
                progress,
                (GetStatusReasonCode)reason,
                (UpdateOptionFlags)flags)));
        Gen.Select(Gen.Bool, Gen.ULong).Sample((indication, bitmap) =>
            RoundTrip(new CancelUpdateResponse(PldmCompletionCode.Success, indication, bitmap)));
        Gen.Select(Gen.Bool, Gen.UShort, Gen.UShort, Gen.UInt).Sample((supported, number, max, caps) =>
            RoundTrip(new QueryDownstreamDevicesResponse(PldmCompletionCode.Success, supported, number, max, caps)));
        Gen.Select(Gen.UShort, Gen.Byte[0, 2], Gen.UInt).Sample((metaData, intent, size) =>
        {
            var value = (GetPackageDataIntent)intent;
            RoundTrip(new RequestUpdateResponse(
                PldmCompletionCode.Success, metaData, value, value == GetPackageDataIntent.WillSendWithMaximumTransferSize ? size : 0));
        });
        Gen.Select(Gen.Byte[0, 1], GenResponseCode).Sample((response, code) =>
            RoundTrip(new PassComponentTableResponse(PldmCompletionCode.Success, (ComponentResponse)response, code)));
        Gen.Select(Gen.Byte[0, 1], GenResponseCode, Gen.UInt, Gen.UShort, Gen.UInt).Sample((response, code, flags, time, size) =>
            RoundTrip(new UpdateComponentResponse(
                PldmCompletionCode.Success, (ComponentCompatibilityResponse)response, code, (UpdateOptionFlags)flags, time,
                ((UpdateOptionFlags)flags & UpdateOptionFlags.ComponentOpaqueData) != 0 ? size : 0)));
    }

    [Fact]
    public void Multipart_messages()
    {
        Gen.Select(Gen.UInt, GenOp).Sample((handle, op) =>
        {
            RoundTrip(new GetPackageDataRequest(handle, op));
            RoundTrip(new GetDeviceMetaDataRequest(handle, op));
            RoundTrip(new GetMetaDataRequest(handle, op));
            RoundTrip(new GetComponentOpaqueDataRequest(handle, op));
            RoundTrip(new QueryDownstreamIdentifiersRequest(handle, op));
            RoundTrip(new GetDownstreamFirmwareParametersRequest(handle, op));
        });
        Gen.Select(Gen.UInt, GenFlag, Gen.Byte.Array[0, 64], Gen.UShort, Gen.UInt).Sample((handle, flag, portion, count, caps) =>
        {
            RoundTrip(new GetPackageDataResponse(PldmCompletionCode.Success, handle, flag, portion));
            RoundTrip(new GetDeviceMetaDataResponse(PldmCompletionCode.Success, handle, flag, portion));
            RoundTrip(new GetMetaDataResponse(PldmCompletionCode.Success, handle, flag, portion));
            RoundTrip(new GetComponentOpaqueDataResponse(PldmCompletionCode.Success, handle, flag, portion));
            RoundTrip(new QueryDownstreamIdentifiersResponse(PldmCompletionCode.Success, handle, flag, count, portion));
            RoundTrip(new GetDownstreamFirmwareParametersResponse(PldmCompletionCode.Success, handle, flag, caps, count, portion));
        });
        Gen.Byte.Array[0, 300].Sample(data => RoundTrip(new RequestFirmwareDataResponse(PldmCompletionCode.Success, data)));
    }

    [Fact]
    public void Messages_with_version_strings()
    {
        Gen.Select(Gen.UInt[32, uint.MaxValue], Gen.UShort, Gen.Byte[1, 255], Gen.UShort, GenVersion).Sample((max, components, outstanding, packageData, version) =>
            RoundTrip(new RequestUpdateRequest(max, components, outstanding, packageData, version.Type, version.Bytes)));
        Gen.Select(GenFlag, Gen.UShort, Gen.UShort, Gen.Byte, Gen.UInt, GenVersion).Sample((flag, classification, id, index, stamp, version) =>
            RoundTrip(new PassComponentTableRequest(flag, (ComponentClassification)classification, id, index, stamp, version.Type, version.Bytes)));
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte, Gen.UInt, Gen.UInt, Gen.UInt, GenVersion).Sample((classification, id, index, stamp, size, flags, version) =>
            RoundTrip(new UpdateComponentRequest((ComponentClassification)classification, id, index, stamp, size, (UpdateOptionFlags)flags, version.Type, version.Bytes)));
    }

    [Fact]
    public void Descriptor_bearing_messages()
    {
        GenDescriptors.Sample(bytes =>
        {
            var count = CountDescriptors(bytes);
            Assert.Equal(WireStatus.Done, DescriptorList.TryRead(bytes, count, out var list, out _));
            RoundTrip(new QueryDeviceIdentifiersResponse(PldmCompletionCode.Success, list));

            var record = new byte[DownstreamDevice.FixedLength + bytes.Length];
            Assert.True(new DownstreamDevice(7, list).TryWrite(record, out _));
            var response = new QueryDownstreamIdentifiersResponse(PldmCompletionCode.Success, 0, TransferFlag.StartAndEnd, 1, record);
            var encoded = RoundTrip(response);
            Assert.Equal(WireStatus.Done, QueryDownstreamIdentifiersResponse.TryRead(encoded, out var read, out _));
            Assert.Equal(WireStatus.Done, read.TryGetDevices(out var devices));
            foreach (var device in devices)
            {
                Assert.Equal(7, device.Index);
                Assert.Equal(count, device.Descriptors.Count);
            }
        });
    }

    [Fact]
    public void Firmware_parameter_tables()
    {
        Gen.Select(Gen.UInt, GenVersion, GenVersion, Gen.Byte[0, 4], Gen.UInt).Sample((caps, active, pending, count, stamp) =>
        {
            var date = "20260101"u8.ToArray();
            var table = new byte[count * (ComponentParameterEntry.FixedLength + active.Bytes.Length + pending.Bytes.Length)];
            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                var entry = new ComponentParameterEntry(
                    ComponentClassification.Firmware, (ushort)i, (byte)i, stamp, active.Type, date, active.Bytes,
                    stamp + 1, pending.Type, date, pending.Bytes, ComponentActivationMethods.Automatic, caps);
                Assert.True(entry.TryWrite(table.AsSpan(offset), out var written));
                offset += written;
            }

            Assert.Equal(WireStatus.Done, ComponentParameterTable.TryRead(table, count, out var parsed, out _));
            var bytes = RoundTrip(new GetFirmwareParametersResponse(PldmCompletionCode.Success, caps, active.Type, active.Bytes, pending.Type, pending.Bytes, parsed));
            Assert.Equal(WireStatus.Done, GetFirmwareParametersResponse.TryRead(bytes, out var response, out _));
            var seen = 0;
            foreach (var entry in response.Components)
            {
                Assert.Equal(seen, entry.Identifier);
                Assert.Equal(active.Bytes, entry.ActiveVersion.ToArray());
                Assert.Equal(pending.Bytes, entry.PendingVersion.ToArray());
                seen++;
            }

            Assert.Equal(count, seen);

            var downstream = new DownstreamDeviceParameterEntry(
                3, stamp, active.Type, date, active.Bytes, stamp, pending.Type, date, pending.Bytes, ComponentActivationMethods.SelfContained, caps);
            var entryBytes = new byte[downstream.EncodedLength];
            Assert.True(downstream.TryWrite(entryBytes, out _));
            var message = new GetDownstreamFirmwareParametersResponse(PldmCompletionCode.Success, 0, TransferFlag.StartAndEnd, caps, 1, entryBytes);
            var encoded = RoundTrip(message);
            Assert.Equal(WireStatus.Done, GetDownstreamFirmwareParametersResponse.TryRead(encoded, out var read, out _));
            Assert.Equal(WireStatus.Done, read.TryGetEntries(out var entries));
            Assert.Equal(1, entries);
        });
    }

    private static int CountDescriptors(byte[] bytes)
    {
        var count = 0;
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty && Descriptor.TryRead(rest, out _, out var used) == WireStatus.Done)
        {
            rest = rest[used..];
            count++;
        }

        return count;
    }
}
