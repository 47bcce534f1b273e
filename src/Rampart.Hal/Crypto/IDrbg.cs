namespace Rampart.Hal.Crypto;

/// <summary>
/// The chip's deterministic random bit generator (SP 800-90A HMAC-DRBG). Every random value
/// in Rampart (nonces, ephemeral keys, padding) comes from one, seeded from the run's seed,
/// so the same seed gives the same bytes.
/// </summary>
/// <remarks>
/// SP 800-90A §9.3.1 and §10.1.2.5: the DRBG counts generate requests since the last
/// (re)seed (reseed_counter) and serves at most reseed_interval of them; after that every
/// request is refused with <see cref="DrbgStatus.ReseedRequired"/> until <see cref="Reseed"/>
/// is called.
/// </remarks>
public interface IDrbg : IKnownAnswerTest
{
    /// <summary>Fills <paramref name="output"/> with random bytes.</summary>
    /// <exception cref="DrbgReseedRequiredException">The reseed interval is used up; nothing was written.</exception>
    void Generate(Span<byte> output);

    /// <summary>
    /// Fills <paramref name="output"/> with random bytes, or returns
    /// <see cref="DrbgStatus.ReseedRequired"/> (output cleared, state unchanged) when the
    /// request would exceed the reseed interval.
    /// </summary>
    DrbgStatus TryGenerate(Span<byte> output);

    /// <summary>Mixes fresh entropy into the state and restarts the reseed counter.</summary>
    void Reseed(ReadOnlySpan<byte> entropy);
}

/// <summary>Outcome of a DRBG generate request (SP 800-90A §9.3.1 status).</summary>
public enum DrbgStatus
{
    /// <summary>The output was generated.</summary>
    Success,

    /// <summary>SP 800-90A "reseed required": reseed_counter would pass reseed_interval.</summary>
    ReseedRequired,
}

/// <summary>A generate request was refused because the DRBG must be reseeded first (SP 800-90A §9.3.1).</summary>
public sealed class DrbgReseedRequiredException : InvalidOperationException
{
    /// <summary>The exception with the standard message.</summary>
    public DrbgReseedRequiredException()
        : base("DRBG reseed required: the SP 800-90A reseed interval is used up.")
    {
    }

    /// <summary>The exception with a message.</summary>
    public DrbgReseedRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>The exception with a message and cause.</summary>
    public DrbgReseedRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
