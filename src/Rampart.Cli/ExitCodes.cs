namespace Rampart.Cli;

/// <summary>The documented exit codes of every <c>rampart</c> command (README "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for worked.</summary>
    public const int Ok = 0;

    /// <summary>The input or the device said no: a bad file, a failed verification, a refused boot.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;
}
