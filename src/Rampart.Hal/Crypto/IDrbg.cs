namespace Rampart.Hal.Crypto;

/// <summary>
/// The chip's deterministic random bit generator (SP 800-90A HMAC-DRBG). Every random value
/// in Rampart (nonces, ephemeral keys, padding) comes from one, seeded from the run's seed,
/// so the same seed gives the same bytes.
/// </summary>
public interface IDrbg : IKnownAnswerTest
{
    /// <summary>Fills <paramref name="output"/> with random bytes.</summary>
    void Generate(Span<byte> output);

    /// <summary>Mixes fresh entropy into the state.</summary>
    void Reseed(ReadOnlySpan<byte> entropy);
}
