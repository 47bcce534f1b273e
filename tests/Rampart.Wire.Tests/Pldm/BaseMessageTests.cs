using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

public sealed class BaseMessageTests
{
    private static readonly Gen<PldmCompletionCode> GenCode = Gen.Byte.Select(b => (PldmCompletionCode)b);

    [Fact]
    public void SetTID_request_and_response_match_table_10()
    {
        ReadsAndWritesBack<SetTidRequest>(Hex("05"));
        Assert.Equal(WireStatus.Done, SetTidRequest.TryRead(Hex("05"), out var request, out _));
        Assert.Equal(5, request.Tid);
        ReadsAndWritesBack<SetTidResponse>(Hex("00"));
        ReadsAndWritesBack<SetTidResponse>(Hex("02"));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("TID 0x00 is unassigned", "00")]
    [InlineData("TID 0xFF is reserved", "FF")]
    [InlineData("trailing byte", "05 00")]
    public void SetTID_request_rejects(string name, string hex)
    {
        Assert.NotNull(name);
        var bytes = Hex(hex);
        FailsCleanly<SetTidRequest>(bytes, bytes.Length == 0 ? WireStatus.NeedMoreData : WireStatus.Invalid);
    }

    [Fact]
    public void GetTID_matches_table_11()
    {
        ReadsAndWritesBack<GetTidRequest>([]);
        FailsCleanly<GetTidRequest>(Hex("00"), WireStatus.Invalid);
        ReadsAndWritesBack<GetTidResponse>(Hex("00 07"));
        Assert.Equal(WireStatus.Done, GetTidResponse.TryRead(Hex("00 07"), out var response, out _));
        Assert.Equal(new GetTidResponse(PldmCompletionCode.Success, 7), response);
        ReadsAndWritesBack<GetTidResponse>(Hex("01"));
        FailsCleanly<GetTidResponse>(Hex("00"), WireStatus.NeedMoreData);
        FailsCleanly<GetTidResponse>(Hex("01 07"), WireStatus.Invalid);
        FailsCleanly<GetTidResponse>(Hex("00 07 00"), WireStatus.Invalid);
    }

    [Fact]
    public void GetPLDMVersion_request_matches_table_12()
    {
        var bytes = Hex("78563412 01 05");
        ReadsAndWritesBack<GetPldmVersionRequest>(bytes);
        Assert.Equal(WireStatus.Done, GetPldmVersionRequest.TryRead(bytes, out var request, out _));
        Assert.Equal(new GetPldmVersionRequest(0x12345678, TransferOperationFlag.GetFirstPart, PldmType.FirmwareUpdate), request);
        EveryPrefixFails<GetPldmVersionRequest>(bytes);
    }

    [Theory]
    [InlineData("transfer operation flag 2 is reserved", "00000000 02 00")]
    [InlineData("PLDM type over 63", "00000000 01 40")]
    [InlineData("trailing byte", "00000000 01 00 00")]
    public void GetPLDMVersion_request_rejects(string name, string hex)
    {
        Assert.NotNull(name);
        FailsCleanly<GetPldmVersionRequest>(Hex(hex), WireStatus.Invalid);
    }

    [Fact]
    public void GetPLDMVersion_response_carries_ver32_and_its_crc()
    {
        // Version 1.1.0 (F1 F1 F0 00) little-endian, then CRC-32 of those 4 bytes (0x539DBEBA).
        var bytes = Hex("00 00000000 05 00F0F1F1 BABE9D53");
        ReadsAndWritesBack<GetPldmVersionResponse>(bytes);
        Assert.Equal(WireStatus.Done, GetPldmVersionResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(TransferFlag.StartAndEnd, response.TransferFlag);
        Assert.Equal(WireStatus.Done, response.TryGetVersionData(out var data));
        Assert.Equal(1, data.Count);
        Assert.Equal(PldmVersion.Create(1, 1, 0), data[0]);
        Assert.Equal("1.1.0", data[0].ToString());
    }

    [Fact]
    public void GetPLDMVersion_response_with_two_versions_checks_the_crc()
    {
        var versions = new[] { PldmVersion.Create(1, 1, 0), PldmVersion.Create(1, 0, 0) };
        var buffer = new byte[PldmVersionData.EncodedLength(2)];
        Assert.True(PldmVersionData.TryWrite(versions, buffer, out var written));
        Assert.Equal(Hex("00F0F1F1 00F0F0F1 060604C1"), buffer[..written]);
        Assert.Equal(WireStatus.Done, PldmVersionData.TryRead(buffer, out var data));
        Assert.Equal(2, data.Count);
        buffer[2] ^= 0x01;
        Assert.Equal(WireStatus.Invalid, PldmVersionData.TryRead(buffer, out _));
    }

    [Theory]
    [InlineData("bad CRC", "00F0F1F1 BABE9D54")]
    [InlineData("no CRC", "00F0F1F1")]
    [InlineData("not a multiple of 4", "00F0F1F1 BABE9D 53 00")]
    [InlineData("empty", "")]
    public void Version_data_rejects(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, PldmVersionData.TryRead(Hex(hex), out var data));
        Assert.Equal(0, data.Count);
    }

    [Theory]
    [InlineData("truncated fixed part", "00 00000000", WireStatus.NeedMoreData)]
    [InlineData("no version data", "00 00000000 05", WireStatus.NeedMoreData)]
    [InlineData("transfer flag 3 is reserved", "00 00000000 03 00F0F1F1", WireStatus.Invalid)]
    [InlineData("error with data", "80 00000000 05", WireStatus.Invalid)]
    public void GetPLDMVersion_response_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly<GetPldmVersionResponse>(Hex(hex), expected);
    }

    [Theory]
    [InlineData(1, 0, 0, null, "00F0F0F1", "1.0.0")]
    [InlineData(1, 3, 1, null, "00F1F3F1", "1.3.1")]
    [InlineData(1, 2, null, null, "00FFF2F1", "1.2")]
    [InlineData(12, 10, 0, 'a', "61F01012", "12.10.0a")]
    public void Ver32_encoding_follows_DSP0240(int major, int minor, int? update, char? alpha, string hex, string text)
    {
        var version = PldmVersion.Create(major, minor, update, alpha);
        var bytes = new byte[4];
        version.Write(bytes);
        Assert.Equal(Hex(hex), bytes);
        Assert.Equal(version, PldmVersion.Read(bytes));
        Assert.Equal(text, version.ToString());
    }

    [Fact]
    public void GetPLDMTypes_matches_table_13()
    {
        ReadsAndWritesBack<GetPldmTypesRequest>([]);
        var bytes = Hex("00 21 00 00 00 00 00 00 00");
        ReadsAndWritesBack<GetPldmTypesResponse>(bytes);
        Assert.Equal(WireStatus.Done, GetPldmTypesResponse.TryRead(bytes, out var response, out _));
        Assert.True(response.Supports(PldmType.Base));
        Assert.True(response.Supports(PldmType.FirmwareUpdate));
        Assert.False(response.Supports(PldmType.PlatformMonitoringAndControl));
        Assert.Equal(GetPldmTypesResponse.Of(PldmType.Base, PldmType.FirmwareUpdate), response.Types);
        EveryPrefixFails<GetPldmTypesResponse>(bytes);
        FailsCleanly<GetPldmTypesResponse>(Hex("00 21 00 00 00 00 00 00 00 00"), WireStatus.Invalid);
    }

    [Fact]
    public void GetPLDMCommands_matches_table_14()
    {
        var request = Hex("05 00F0F3F1");
        ReadsAndWritesBack<GetPldmCommandsRequest>(request);
        Assert.Equal(WireStatus.Done, GetPldmCommandsRequest.TryRead(request, out var parsed, out _));
        Assert.Equal(new GetPldmCommandsRequest(PldmType.FirmwareUpdate, PldmVersion.Create(1, 3, 0)), parsed);
        FailsCleanly<GetPldmCommandsRequest>(Hex("40 00F0F3F1"), WireStatus.Invalid);

        // Commands 0x01, 0x02, 0x10, 0x15 and 0xFF.
        var response = Hex("00 06 00 21" + new string('0', 56) + "80");
        ReadsAndWritesBack<GetPldmCommandsResponse>(response);
        Assert.Equal(WireStatus.Done, GetPldmCommandsResponse.TryRead(response, out var commands, out _));
        Assert.Equal(GetPldmCommandsResponse.Of(0x01, 0x02, 0x10, 0x15, 0xFF), commands);
        Assert.True(commands.Supports(0x15));
        Assert.False(commands.Supports(0x16));
        EveryPrefixFails<GetPldmCommandsResponse>(response);
    }

    [Theory]
    [InlineData(nameof(SetTidRequest), SetTidRequest.Length, 1)]
    [InlineData(nameof(SetTidResponse), SetTidResponse.Length, 1)]
    [InlineData(nameof(GetTidRequest), GetTidRequest.Length, 0)]
    [InlineData(nameof(GetTidResponse), GetTidResponse.Length, 2)]
    [InlineData(nameof(GetPldmVersionRequest), GetPldmVersionRequest.Length, 6)]
    [InlineData(nameof(GetPldmVersionResponse), GetPldmVersionResponse.FixedLength, 6)]
    [InlineData(nameof(GetPldmTypesRequest), GetPldmTypesRequest.Length, 0)]
    [InlineData(nameof(GetPldmTypesResponse), GetPldmTypesResponse.Length, 9)]
    [InlineData(nameof(GetPldmCommandsRequest), GetPldmCommandsRequest.Length, 5)]
    [InlineData(nameof(GetPldmCommandsResponse), GetPldmCommandsResponse.Length, 33)]
    public void Fixed_sizes_match_DSP0240_tables(string name, int actual, int expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Base_messages_round_trip()
    {
        Gen.Byte[1, 254].Sample(tid => RoundTrip(new SetTidRequest(tid)));
        GenCode.Sample(cc => RoundTrip(new SetTidResponse(cc)));
        Gen.Select(GenCode, Gen.Byte).Sample((cc, tid) =>
            RoundTrip(new GetTidResponse(cc, cc == PldmCompletionCode.Success ? tid : (byte)0)));
        Gen.Select(Gen.UInt, Gen.Byte[0, 1], Gen.Byte[0, 63]).Sample((handle, flag, type) =>
            RoundTrip(new GetPldmVersionRequest(handle, (TransferOperationFlag)flag, (PldmType)type)));
        Gen.Select(Gen.UInt, Gen.OneOfConst(TransferFlag.Start, TransferFlag.Middle, TransferFlag.End, TransferFlag.StartAndEnd), Gen.Byte.Array[1, 40])
            .Sample((handle, flag, portion) => RoundTrip(new GetPldmVersionResponse(PldmCompletionCode.Success, handle, flag, portion)));
        Gen.Select(GenCode, Gen.ULong).Sample((cc, types) =>
            RoundTrip(new GetPldmTypesResponse(cc, cc == PldmCompletionCode.Success ? types : 0)));
        Gen.Select(Gen.Byte[0, 63], Gen.UInt).Sample((type, version) =>
            RoundTrip(new GetPldmCommandsRequest((PldmType)type, PldmVersion.FromValue(version))));
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong).Sample((a, b, c, d) =>
            RoundTrip(new GetPldmCommandsResponse(PldmCompletionCode.Success, a, b, c, d)));
    }

    [Fact]
    public void Version_data_round_trips()
    {
        Gen.UInt.Array[1, 10].Sample(values =>
        {
            var versions = values.Select(PldmVersion.FromValue).ToArray();
            var buffer = new byte[PldmVersionData.EncodedLength(versions.Length)];
            Assert.True(PldmVersionData.TryWrite(versions, buffer, out _));
            Assert.Equal(WireStatus.Done, PldmVersionData.TryRead(buffer, out var data));
            Assert.Equal(versions.Length, data.Count);
            for (var i = 0; i < versions.Length; i++)
            {
                Assert.Equal(versions[i], data[i]);
            }
        });
    }

    [Fact]
    public void Error_responses_carry_only_the_completion_code()
    {
        Assert.Equal(Hex("05"), RoundTrip(new GetPldmTypesResponse(PldmCompletionCode.ErrorUnsupportedPldmCommand, 0)));
        Assert.Equal(Hex("83"), RoundTrip(GetPldmVersionResponse.Error((PldmCompletionCode)BaseCompletionCode.InvalidPldmTypeInRequestData)));
        Assert.Equal(
            "INVALID_PLDM_TYPE_IN_REQUEST_DATA",
            PldmCompletionCodes.Name(PldmType.Base, (byte)BaseCommand.GetPldmVersion, (PldmCompletionCode)0x83));
        Assert.Equal("ERROR_INVALID_LENGTH", PldmCompletionCodes.Name(PldmType.Base, 2, PldmCompletionCode.ErrorInvalidLength));
    }
}
