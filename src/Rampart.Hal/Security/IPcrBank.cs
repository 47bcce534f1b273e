namespace Rampart.Hal.Security;

/// <summary>
/// The PCR bank (Caliptra's PCR vault): 32 SHA-384 registers. Extend sets
/// PCR ← SHA-384(PCR || data) and appends to the measurement log; a locked PCR takes no more
/// extends; a quote signs all PCRs with a nonce using a key-vault slot.
/// </summary>
public interface IPcrBank
{
    /// <summary>Extends a PCR and records the event in the log.</summary>
    PcrStatus Extend(int index, uint eventType, ReadOnlySpan<byte> data);

    /// <summary>Reads a PCR's 48-byte value.</summary>
    PcrStatus Read(int index, Span<byte> value);

    /// <summary>Locks a PCR until cold reset.</summary>
    PcrStatus Lock(int index);

    /// <summary>True when the PCR is locked (false for an invalid index).</summary>
    bool IsLocked(int index);

    /// <summary>The measurement log since cold reset, oldest first.</summary>
    IReadOnlyList<MeasurementLogEntry> Log { get; }

    /// <summary>Writes the quote message (<see cref="PcrQuoteMessage"/>) for a 32-byte nonce.</summary>
    PcrStatus WriteQuoteMessage(ReadOnlySpan<byte> nonce, Span<byte> message);

    /// <summary>Signs the quote message with an ECC P-384 key-vault slot (96-byte r || s).</summary>
    PcrStatus QuoteEcc(ReadOnlySpan<byte> nonce, KeySlotId key, Span<byte> signature, out KeyVaultStatus vaultStatus);

    /// <summary>Signs the quote message with an ML-DSA-87 key-vault slot.</summary>
    PcrStatus QuoteMlDsa(ReadOnlySpan<byte> nonce, KeySlotId key, Span<byte> signature, out KeyVaultStatus vaultStatus);
}
