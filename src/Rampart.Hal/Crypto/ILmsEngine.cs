namespace Rampart.Hal.Crypto;

/// <summary>LMS (RFC 8554 / SP 800-208) verification, SHA-256/192 with LM-OTS W4.</summary>
/// <remarks>Signing is stateful and lives only in host tooling (Rampart.Crypto), never in firmware.</remarks>
public interface ILmsEngine : IKnownAnswerTest
{
    /// <summary>Verifies an LMS signature in its RFC 8554 encoding against an encoded public key.</summary>
    Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
