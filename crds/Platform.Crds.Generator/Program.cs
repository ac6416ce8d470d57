using Platform.Crds.Generator.CommandLine;

// Writes crds/generated/*.yaml from the entity classes; run explicitly (see CrdCommandLine.Usage).
return CrdCommandLine.RunArguments(args, Directory.GetCurrentDirectory(), Console.Out, Console.Error);
