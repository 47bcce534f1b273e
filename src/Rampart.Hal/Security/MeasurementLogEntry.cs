namespace Rampart.Hal.Security;

/// <summary>One measurement-log record: which PCR was extended, with what, and why.</summary>
/// <param name="Pcr">The PCR index.</param>
/// <param name="EventType">The measurer's event code (e.g. a firmware id).</param>
/// <param name="Measurement">The bytes extended into the PCR.</param>
public sealed record MeasurementLogEntry(int Pcr, uint EventType, ReadOnlyMemory<byte> Measurement);
