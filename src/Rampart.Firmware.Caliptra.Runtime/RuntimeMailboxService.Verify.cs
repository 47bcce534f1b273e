using Rampart.Hal.Crypto;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>ECDSA384_SIGNATURE_VERIFY and MLDSA87_SIGNATURE_VERIFY through the engines.</summary>
public sealed partial class RuntimeMailboxService
{
    private bool EcdsaVerify(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return EcdsaVerifyRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && _hardware.Crypto.Ecc.Verify(parsed.PublicKey.Span, parsed.Hash.Span, parsed.Signature.Span).IsValid()
            && Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }

    private bool MldsaVerify(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return MldsaVerifyRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && _hardware.Crypto.MlDsa.Verify(parsed.PublicKey.Span, parsed.Message.Span, parsed.Signature.Span[..MlDsa87.SignatureSize]).IsValid()
            && Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }
}
