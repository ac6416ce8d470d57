using Cel;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>A compiled CEL expression, or the reason it does not compile.</summary>
internal sealed record CompiledCelProgram(CelProgramDelegate? Program, string? Error);
