namespace Rampart.Hal.Boot;

/// <summary>
/// Where firmware records what it did for the run's report and timeline (a debug UART in
/// spirit): a category and a short message, stamped with chip time by the sink.
/// </summary>
public interface ITraceSink
{
    /// <summary>Records an event from <paramref name="source"/> (e.g. "caliptra.rom").</summary>
    void Record(string source, string kind, string message);
}
