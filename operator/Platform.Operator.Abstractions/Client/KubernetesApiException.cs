using System.Net;
using k8s.Models;

namespace Platform.Operator.Abstractions.Client;

/// <summary>The API server answered with an error status (or could not be reached).</summary>
public sealed class KubernetesApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesApiException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public KubernetesApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an HTTP status and the server's Status body.</summary>
    public KubernetesApiException(HttpStatusCode statusCode, V1Status? status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The HTTP status code (0 when no response arrived).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status object the server returned, if any.</summary>
    public V1Status? Status { get; }

    /// <summary>409: the object changed meanwhile or already exists.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>404: the object does not exist.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
