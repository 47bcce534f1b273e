namespace Rampart.Platform.Peripherals;

/// <summary>
/// The I3C SDR timing model. A private transfer of N data bytes costs
/// <c>1 (START) + 9 (7-bit address, R/W, ACK) + 9·N (8 data bits + T-bit each) + 1 (STOP)</c>
/// SCL cycles, i.e. <c>9·N + 11</c>; an in-band interrupt costs one address phase plus its
/// mandatory data byte: <c>1 + 9 + 9 + 1 = 20</c> cycles. Cycles convert to virtual
/// nanoseconds as <c>ceil(cycles · 10^9 / SCL Hz)</c>; at the default 12.5 MHz a cycle is
/// exactly 80 ns, so 256 bytes take 2,315 cycles = 185,200 ns. (docs/decisions/0141.)
/// </summary>
public sealed record I3cTiming
{
    /// <summary>SCL cycles of a START condition.</summary>
    public const int StartCycles = 1;

    /// <summary>SCL cycles of the address phase (7 address bits, R/W, ACK).</summary>
    public const int AddressCycles = 9;

    /// <summary>SCL cycles per data byte (8 bits plus the T-bit/ACK).</summary>
    public const int CyclesPerByte = 9;

    /// <summary>SCL cycles of a STOP condition.</summary>
    public const int StopCycles = 1;

    /// <summary>The SDR default, 12.5 MHz.</summary>
    public const long DefaultSclHz = 12_500_000;

    /// <summary>Creates a timing model at <paramref name="sclHz"/>.</summary>
    public I3cTiming(long sclHz = DefaultSclHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sclHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sclHz, 1_000_000_000L);
        SclHz = sclHz;
    }

    /// <summary>SCL frequency in Hz.</summary>
    public long SclHz { get; }

    /// <summary>SCL cycles of a private transfer of <paramref name="dataBytes"/> bytes.</summary>
    public static long TransferCycles(int dataBytes) => StartCycles + AddressCycles + ((long)CyclesPerByte * dataBytes) + StopCycles;

    /// <summary>SCL cycles of an IBI with its mandatory data byte.</summary>
    public static long IbiCycles => StartCycles + AddressCycles + CyclesPerByte + StopCycles;

    /// <summary>Nanoseconds of a private transfer of <paramref name="dataBytes"/> bytes.</summary>
    public long TransferNanoseconds(int dataBytes) => CyclesToNanoseconds(TransferCycles(dataBytes));

    /// <summary>Nanoseconds of an IBI.</summary>
    public long IbiNanoseconds => CyclesToNanoseconds(IbiCycles);

    /// <summary>Converts SCL cycles to nanoseconds, rounding up.</summary>
    public long CyclesToNanoseconds(long cycles) => (long)((((Int128)cycles * 1_000_000_000) + SclHz - 1) / SclHz);
}
