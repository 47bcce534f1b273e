using System.Text;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// The message an SPDM 1.2+ signature covers (DSP0274 1.3 §15, "Signature generation"):
/// <c>combined_spdm_prefix || Hash(transcript)</c>, where combined_spdm_prefix is
/// "dmtf-spdm-v1.x.*" four times (64 bytes), then zero padding and the context string so the
/// two together fill 36 bytes.
/// </summary>
public static class SpdmSigningContext
{
    /// <summary>Size of the combined prefix.</summary>
    public const int PrefixSize = 100;

    /// <summary>CHALLENGE_AUTH signed by the responder.</summary>
    public const string ChallengeAuth = "responder-challenge_auth signing";

    /// <summary>MEASUREMENTS signed by the responder.</summary>
    public const string Measurements = "responder-measurements signing";

    /// <summary>KEY_EXCHANGE_RSP signed by the responder.</summary>
    public const string KeyExchangeRsp = "responder-key_exchange_rsp signing";

    /// <summary>FINISH signed by the requester (mutual authentication).</summary>
    public const string Finish = "requester-finish signing";

    /// <summary>Builds the message to sign for <paramref name="context"/> over <paramref name="transcriptHash"/>.</summary>
    public static byte[] Build(byte version, string context, ReadOnlySpan<byte> transcriptHash)
    {
        var result = new byte[PrefixSize + transcriptHash.Length];
        var prefix = Encoding.ASCII.GetBytes($"dmtf-spdm-v{version >> 4}.{version & 0xF}.*");
        for (var i = 0; i < 4; i++)
        {
            prefix.CopyTo(result, i * prefix.Length);
        }

        var contextBytes = Encoding.ASCII.GetBytes(context);
        contextBytes.CopyTo(result, PrefixSize - contextBytes.Length);
        transcriptHash.CopyTo(result.AsSpan(PrefixSize));
        return result;
    }
}
