using System.CommandLine;

// The platform executable. Each subcommand lives in Commands/ and owns its own options.
var root = new RootCommand(
    "Platform: LoadBalancer addresses, an external service registry, SPIFFE workload identity and sidecar injection for bare-metal Kubernetes.");
root.Subcommands.Add(new Platform.Operator.Commands.CrdsCommand());
root.Subcommands.Add(new Platform.Operator.Commands.ControllerCommand());
root.Subcommands.Add(new Platform.Operator.Commands.SandboxCommand());

return await root.Parse(args).InvokeAsync();
