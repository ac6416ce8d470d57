using System.CommandLine;
using Platform.Crds.Generator.CommandLine;

namespace Platform.Operator.Commands;

/// <summary><c>platform crds [--output DIR] [--check]</c>: writes the CustomResourceDefinition YAML of every kind the suite serves.</summary>
internal sealed class CrdsCommand : Command
{
    public CrdsCommand()
        : base("crds", "Write the CustomResourceDefinition YAML of every custom resource (MetalLB, Istio ServiceEntry, ClusterSPIFFEID).")
    {
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Directory to write to (default: crds/generated of the enclosing repository, else ./crds).",
        };
        var check = new Option<bool>("--check")
        {
            Description = "Do not write; exit 1 when the directory is out of date.",
        };
        Options.Add(output);
        Options.Add(check);

        SetAction(parseResult => CrdCommandLine.Run(
            parseResult.GetValue(output),
            parseResult.GetValue(check),
            Directory.GetCurrentDirectory(),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
    }
}
