using Platform.Webhooks.Abstractions.Admission;

namespace Platform.Webhooks.Endpoints;

internal static class AdmissionContextFactory
{
    public static AdmissionContext Create(AdmissionRequest request) => new(
        request.Operation ?? "",
        request.Namespace,
        request.Name,
        request.DryRun ?? false,
        request.UserInfo,
        request.Kind);
}
