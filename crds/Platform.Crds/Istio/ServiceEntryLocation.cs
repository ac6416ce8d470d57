namespace Platform.Crds.Istio;

/// <summary>The values of <c>spec.location</c>, spelled as upstream serializes them.</summary>
public static class ServiceEntryLocation
{
    /// <summary>The service is external to the mesh (the default when unset).</summary>
    public const string MeshExternal = "MESH_EXTERNAL";

    /// <summary>The service is part of the mesh.</summary>
    public const string MeshInternal = "MESH_INTERNAL";
}
