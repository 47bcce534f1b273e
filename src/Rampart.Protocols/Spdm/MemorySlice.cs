namespace Rampart.Protocols.Spdm;

/// <summary>
/// Turns a span that a Wire reader returned back into a slice of the memory it was read from,
/// so a parsed field can be handed to an asynchronous crypto call without copying (a span
/// cannot live across an await).
/// </summary>
internal static class MemorySlice
{
    /// <summary>The part of <paramref name="whole"/> that <paramref name="part"/> covers; empty for an empty part.</summary>
    public static ReadOnlyMemory<byte> Of(ReadOnlyMemory<byte> whole, ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!whole.Span.Overlaps(part, out var offset) || offset < 0 || offset + part.Length > whole.Length)
        {
            throw new ArgumentException("the span does not lie inside the memory", nameof(part));
        }

        return whole.Slice(offset, part.Length);
    }
}
