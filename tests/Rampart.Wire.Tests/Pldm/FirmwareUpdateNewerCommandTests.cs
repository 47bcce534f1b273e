using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>
/// The DSP0267 1.3 commands 0x1E, 0x1F, 0x20 and 0x22: vectors, sizes, round trips and
/// clean failures (GetComponentOpaqueData, 0x21, has no codec: decision 0120).
/// </summary>
public sealed class FirmwareUpdateNewerCommandTests
{
    private static readonly Gen<ComponentReference> GenComponent =
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte).Select((c, i, x) => new ComponentReference((ComponentClassification)c, i, x));

    [Fact]
    public void ActivatePendingComponentImageSet_vectors()
    {
        ReadsAndWritesBack<ActivatePendingComponentImageSetRequest>([]);
        FailsCleanly<ActivatePendingComponentImageSetRequest>(Hex("00"), WireStatus.Invalid);

        var bytes = Hex("00 2C01");
        ReadsAndWritesBack<ActivatePendingComponentImageSetResponse>(bytes);
        Assert.Equal(WireStatus.Done, ActivatePendingComponentImageSetResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(new ActivatePendingComponentImageSetResponse(PldmCompletionCode.Success, 300), response);
        EveryPrefixFails<ActivatePendingComponentImageSetResponse>(bytes);
        FailsCleanly<ActivatePendingComponentImageSetResponse>(Hex("00 2C01 00"), WireStatus.Invalid);

        // ACTIVATION_NOT_REQUIRED is the code alone; anything after it is a wrong length.
        ReadsAndWritesBack<ActivatePendingComponentImageSetResponse>(Hex("8B"));
        FailsCleanly<ActivatePendingComponentImageSetResponse>(Hex("8B 0000"), WireStatus.Invalid);
    }

    [Fact]
    public void ActivatePendingComponentImage_vectors()
    {
        var bytes = Hex("0A00 3412 02");
        ReadsAndWritesBack<ActivatePendingComponentImageRequest>(bytes);
        Assert.Equal(WireStatus.Done, ActivatePendingComponentImageRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(new ComponentReference(ComponentClassification.Firmware, 0x1234, 2), request.Component);
        EveryPrefixFails<ActivatePendingComponentImageRequest>(bytes);
        FailsCleanly<ActivatePendingComponentImageRequest>(Hex("0A00 3412 02 00"), WireStatus.Invalid);

        var response = Hex("00 0A00");
        ReadsAndWritesBack<ActivatePendingComponentImageResponse>(response);
        Assert.Equal(WireStatus.Done, ActivatePendingComponentImageResponse.TryRead(response, out var read, out _));
        Assert.Equal((ushort)10, read.EstimatedTimeForActivation);
        EveryPrefixFails<ActivatePendingComponentImageResponse>(response);
        ReadsAndWritesBack<ActivatePendingComponentImageResponse>(Hex("92"));
    }

    [Fact]
    public void RequestDownstreamDeviceUpdate_vectors()
    {
        var bytes = Hex("00040000 02 1000");
        ReadsAndWritesBack<RequestDownstreamDeviceUpdateRequest>(bytes);
        Assert.Equal(WireStatus.Done, RequestDownstreamDeviceUpdateRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(new RequestDownstreamDeviceUpdateRequest(1024, 2, 16), request);
        EveryPrefixFails<RequestDownstreamDeviceUpdateRequest>(bytes);
        FailsCleanly<RequestDownstreamDeviceUpdateRequest>(Hex("1F000000 02 1000"), WireStatus.Invalid);
        FailsCleanly<RequestDownstreamDeviceUpdateRequest>(Hex("00040000 00 1000"), WireStatus.Invalid);
        FailsCleanly<RequestDownstreamDeviceUpdateRequest>(Hex("00040000 02 1000 00"), WireStatus.Invalid);

        var plain = Hex("00 2000 01");
        ReadsAndWritesBack<RequestDownstreamDeviceUpdateResponse>(plain);
        EveryPrefixFails<RequestDownstreamDeviceUpdateResponse>(plain);
        var sized = Hex("00 2000 02 00010000");
        ReadsAndWritesBack<RequestDownstreamDeviceUpdateResponse>(sized);
        Assert.Equal(WireStatus.Done, RequestDownstreamDeviceUpdateResponse.TryRead(sized, out var response, out _));
        Assert.Equal(new RequestDownstreamDeviceUpdateResponse(PldmCompletionCode.Success, 32, GetPackageDataIntent.WillSendWithMaximumTransferSize, 256), response);
        EveryPrefixFails<RequestDownstreamDeviceUpdateResponse>(sized);
        FailsCleanly<RequestDownstreamDeviceUpdateResponse>(Hex("00 2000 03"), WireStatus.Invalid);
        FailsCleanly<RequestDownstreamDeviceUpdateResponse>(Hex("00 2000 01 00010000"), WireStatus.Invalid);
        ReadsAndWritesBack<RequestDownstreamDeviceUpdateResponse>(Hex("81"));
    }

    [Fact]
    public void UpdateSecurityRevision_vectors()
    {
        var bytes = Hex("FFFF 0300 FF");
        ReadsAndWritesBack<UpdateSecurityRevisionRequest>(bytes);
        Assert.Equal(WireStatus.Done, UpdateSecurityRevisionRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(new ComponentReference(ComponentClassification.DownstreamDevice, 3, 0xFF), request.Component);
        EveryPrefixFails<UpdateSecurityRevisionRequest>(bytes);
        FailsCleanly<UpdateSecurityRevisionRequest>(Hex("FFFF 0300 FF 00"), WireStatus.Invalid);

        ReadsAndWritesBack<UpdateSecurityRevisionResponse>(Hex("00"));
        ReadsAndWritesBack<UpdateSecurityRevisionResponse>(Hex("95"));
        FailsCleanly<UpdateSecurityRevisionResponse>([], WireStatus.NeedMoreData);
        FailsCleanly<UpdateSecurityRevisionResponse>(Hex("00 00"), WireStatus.Invalid);
    }

    [Theory]
    [InlineData(nameof(ActivatePendingComponentImageSetRequest), ActivatePendingComponentImageSetRequest.Length, 0)]
    [InlineData(nameof(ActivatePendingComponentImageSetResponse), ActivatePendingComponentImageSetResponse.Length, 3)]
    [InlineData(nameof(ActivatePendingComponentImageRequest), ActivatePendingComponentImageRequest.Length, 5)]
    [InlineData(nameof(ActivatePendingComponentImageResponse), ActivatePendingComponentImageResponse.Length, 3)]
    [InlineData(nameof(RequestDownstreamDeviceUpdateRequest), RequestDownstreamDeviceUpdateRequest.Length, 7)]
    [InlineData(nameof(RequestDownstreamDeviceUpdateResponse), RequestDownstreamDeviceUpdateResponse.Length, 4)]
    [InlineData(nameof(RequestDownstreamDeviceUpdateResponse.LengthWithTransferSize), RequestDownstreamDeviceUpdateResponse.LengthWithTransferSize, 8)]
    [InlineData(nameof(UpdateSecurityRevisionRequest), UpdateSecurityRevisionRequest.Length, 5)]
    [InlineData(nameof(UpdateSecurityRevisionResponse), UpdateSecurityRevisionResponse.Length, 1)]
    public void Fixed_sizes_match_DSP0267_tables(string name, int actual, int expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Round_trips()
    {
        RoundTrip(default(ActivatePendingComponentImageSetRequest));
        GenComponent.Sample(component =>
        {
            Assert.Equal(component, ReadBack<ActivatePendingComponentImageRequest>(new ActivatePendingComponentImageRequest(component)).Component);
            Assert.Equal(component, ReadBack<UpdateSecurityRevisionRequest>(new UpdateSecurityRevisionRequest(component)).Component);
        });
        Gen.Select(Gen.Byte, Gen.UShort).Sample((code, seconds) =>
        {
            var cc = (PldmCompletionCode)code;
            var time = cc == PldmCompletionCode.Success ? seconds : (ushort)0;
            Assert.Equal(new ActivatePendingComponentImageSetResponse(cc, time), ReadBack(new ActivatePendingComponentImageSetResponse(cc, time)));
            Assert.Equal(new ActivatePendingComponentImageResponse(cc, time), ReadBack(new ActivatePendingComponentImageResponse(cc, time)));
            Assert.Equal(new UpdateSecurityRevisionResponse(cc), ReadBack(new UpdateSecurityRevisionResponse(cc)));
        });
        Gen.Select(Gen.UInt[32, uint.MaxValue], Gen.Byte[1, 255], Gen.UShort).Sample((size, outstanding, length) =>
        {
            var message = new RequestDownstreamDeviceUpdateRequest(size, outstanding, length);
            Assert.Equal(message, ReadBack(message));
        });
        Gen.Select(Gen.UShort, Gen.OneOfConst(GetPackageDataIntent.WillNotSend, GetPackageDataIntent.WillSend, GetPackageDataIntent.WillSendWithMaximumTransferSize), Gen.UInt)
            .Sample((meta, intent, size) =>
            {
                var message = new RequestDownstreamDeviceUpdateResponse(
                    PldmCompletionCode.Success, meta, intent, intent == GetPackageDataIntent.WillSendWithMaximumTransferSize ? size : 0);
                Assert.Equal(message, ReadBack(message));
            });
    }

    [Fact]
    public void Whole_messages_carry_the_right_header()
    {
        var buffer = new byte[16];
        Assert.True(PldmBody.TryWriteMessage(7, new UpdateSecurityRevisionRequest(new ComponentReference(ComponentClassification.Firmware, 1, 0)), buffer, out var written));
        Assert.Equal(Hex("87 05 22 0A00 0100 00"), buffer[..written]);
        Assert.Equal(WireStatus.Done, PldmBody.TryReadMessage<UpdateSecurityRevisionRequest>(buffer.AsSpan(0, written), out var header, out var body));
        Assert.Equal(7, header.InstanceId);
        Assert.Equal((ushort)1, body.Component.Identifier);
        Assert.Equal(WireStatus.Unsupported, PldmBody.TryReadMessage<ActivatePendingComponentImageRequest>(buffer.AsSpan(0, written), out _, out _));
    }

    private static T ReadBack<T>(T message)
        where T : IPldmMessage<T>
    {
        var bytes = RoundTrip(message);
        Assert.Equal(WireStatus.Done, T.TryRead(bytes, out var read, out _));
        return read;
    }
}
