using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;

namespace Rampart.Identity.Evidence;

/// <summary>
/// Recomputes the PCR bank from its measurement log since cold reset (<see cref="IPcrBank.Log"/>):
/// every PCR starts at zero and each entry extends its PCR (PCR = SHA-384(PCR || measurement)),
/// as the PCR bank did. The one replay verifiers use (decision 0275).
/// </summary>
public static class MeasurementLogReplay
{
    /// <summary>Writes the 32 × 48-byte PCR values the log gives into <paramref name="pcrs"/>.</summary>
    public static void Replay(IShaEngine sha, IEnumerable<MeasurementLogEntry> log, Span<byte> pcrs)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(log);
        if (pcrs.Length != PcrQuoteMessage.NonceOffset)
        {
            throw new ArgumentException("the PCR bank is 32 × 48 bytes", nameof(pcrs));
        }

        pcrs.Clear();
        foreach (var entry in log)
        {
            if (entry.Pcr is < 0 or >= PcrQuoteMessage.PcrCount)
            {
                throw new ArgumentException("a log entry names a PCR outside 0…31", nameof(log));
            }

            PcrExtend.Extend(sha, pcrs.Slice(entry.Pcr * PcrQuoteMessage.PcrSize, PcrQuoteMessage.PcrSize), entry.Measurement.Span);
        }
    }
}
