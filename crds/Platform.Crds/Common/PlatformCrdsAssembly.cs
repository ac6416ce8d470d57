using System.Reflection;

namespace Platform.Crds.Common;

/// <summary>The assembly that holds every custom resource entity; the CRD generator scans it.</summary>
public static class PlatformCrdsAssembly
{
    /// <summary>The Platform.Crds assembly.</summary>
    public static Assembly Instance { get; } = typeof(PlatformCrdsAssembly).Assembly;
}
