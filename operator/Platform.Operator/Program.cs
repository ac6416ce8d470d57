using System.CommandLine;

// The platform executable. Each subcommand lives in Commands/ and owns its own options.
var root = new RootCommand(
    "Platform: LoadBalancer addresses, an external service registry, SPIFFE workload identity and sidecar injection for bare-metal Kubernetes.");

return await root.Parse(args).InvokeAsync();
