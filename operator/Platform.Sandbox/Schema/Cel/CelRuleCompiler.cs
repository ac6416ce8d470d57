using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cel;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>
/// Compiles CEL expressions against one environment carrying the Kubernetes CEL library, caching every
/// program by its text so each rule is compiled once per process.
/// </summary>
internal sealed partial class CelRuleCompiler
{
    private readonly CelEnvironment environment = new(null, null);
    private readonly ConcurrentDictionary<string, CompiledCelProgram> cache = new(StringComparer.Ordinal);
    private readonly Lock compileLock = new();

    public CelRuleCompiler() => KubernetesCelLibrary.Register(environment);

    public CompiledCelProgram Compile(string expression) => cache.GetOrAdd(expression, CompileUncached);

    /// <summary>Whether a rule is a transition rule (mentions <c>oldSelf</c> outside string literals).</summary>
    public static bool ReferencesOldSelf(string rule) => OldSelfReference().IsMatch(StringLiteral().Replace(rule, "''"));

    private CompiledCelProgram CompileUncached(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new CompiledCelProgram(null, "compilation failed: expression is empty");
        }

        try
        {
            // The environment's visitor is not documented as thread-safe; compiling is rare (cached), so serialise it.
            lock (compileLock)
            {
                return new CompiledCelProgram(environment.Compile(expression), null);
            }
        }
        catch (Exception ex)
        {
            return new CompiledCelProgram(null, "compilation failed: " + ex.Message);
        }
    }

    [GeneratedRegex(@"\boldSelf\b")]
    private static partial Regex OldSelfReference();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();
}
