using System.Text.Json.Serialization;
using Platform.Webhooks.Abstractions.Admission;

namespace Platform.Webhooks.Endpoints;

/// <summary>Source-generated (de)serialization of the AdmissionReview envelope: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
