// Firmware code is compiled without the C# compiler's IL optimizations so that its async state
// machines are classes (decision 0278). This attribute keeps what a Release build says to the
// runtime: the JIT may optimize this assembly's code (the compiler's own attribute for an
// unoptimized build would ask a debugger to disable that).
[assembly: System.Diagnostics.Debuggable(System.Diagnostics.DebuggableAttribute.DebuggingModes.IgnoreSymbolStoreSequencePoints)]
