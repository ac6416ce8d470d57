using System.Collections.Concurrent;
using System.Security.Cryptography;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Authentication;

/// <summary>
/// Bearer-token authentication with the built-in identities: the cluster admin, one
/// <c>system:node:&lt;name&gt;</c> per node, and service-account tokens issued on demand.
/// </summary>
internal sealed class TokenAuthenticator
{
    public const string AdminUser = "sandbox-admin";

    private readonly ConcurrentDictionary<string, AdmissionUserInfo> _tokens = new(StringComparer.Ordinal);

    public TokenAuthenticator()
    {
        AdminToken = NewToken();
        _tokens[AdminToken] = new AdmissionUserInfo(AdminUser, Guid.NewGuid().ToString(), ["system:masters", "system:authenticated"]);
    }

    public string AdminToken { get; }

    public AdmissionUserInfo? Authenticate(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _tokens.GetValueOrDefault(authorizationHeader[prefix.Length..].Trim());
    }

    public string IssueNodeToken(string nodeName)
    {
        var token = NewToken();
        _tokens[token] = new AdmissionUserInfo($"system:node:{nodeName}", Guid.NewGuid().ToString(), ["system:nodes", "system:authenticated"]);
        return token;
    }

    public string IssueServiceAccountToken(string namespaceName, string serviceAccount, string serviceAccountUid)
    {
        var token = NewToken();
        _tokens[token] = new AdmissionUserInfo(
            $"system:serviceaccount:{namespaceName}:{serviceAccount}",
            serviceAccountUid,
            ["system:serviceaccounts", $"system:serviceaccounts:{namespaceName}", "system:authenticated"]);
        return token;
    }

    public string IssueToken(AdmissionUserInfo user)
    {
        var token = NewToken();
        _tokens[token] = user;
        return token;
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
