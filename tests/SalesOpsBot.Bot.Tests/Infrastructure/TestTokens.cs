using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>Builds channel JWTs for the fake Bot Connector, correct or with exactly one fault.</summary>
public static class TestTokens
{
    public const string AppId = "5b0f6a3c-1111-4c2e-9a7d-0123456789ab";
    public const string Issuer = "https://api.botframework.com";

    public static string Create(
        SecurityKey signingKey,
        string? serviceUrl,
        string issuer = Issuer,
        string audience = AppId,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["appid"] = "channel-app" };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-5),
            Expires = expires ?? now.AddMinutes(60),
            IssuedAt = notBefore ?? now.AddMinutes(-5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string AlgNone(string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Issuer}}","aud":"{{AppId}}","serviceurl":"{{serviceUrl}}","nbf":{{now.AddMinutes(-5).ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(60).ToUnixTimeSeconds()}}}""");
        return header + "." + payload + ".";
    }

    /// <summary>HS256 "signed" with the RSA public key's modulus: the classic algorithm-confusion attack.</summary>
    public static string Hs256WithPublicKey(RsaSecurityKey publicKey, string serviceUrl)
    {
        var modulus = publicKey.Rsa.ExportParameters(false).Modulus!;
        var symmetric = new SymmetricSecurityKey(modulus) { KeyId = publicKey.KeyId };
        return Create(symmetric, serviceUrl, algorithm: SecurityAlgorithms.HmacSha256);
    }

    /// <summary>A correct token whose signature bytes were altered.</summary>
    public static string WithBadSignature(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[10] ^= 0xFF;
        return parts[0] + "." + parts[1] + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Garbage => Convert.ToBase64String(Encoding.UTF8.GetBytes("definitely not a jwt"));
}
