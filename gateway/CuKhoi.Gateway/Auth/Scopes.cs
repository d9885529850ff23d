namespace CuKhoi.Gateway.Auth;

/// <summary>The scopes an API key can carry (CONTRACT.md, "Authentication and scopes").</summary>
public static class Scopes
{
    public const string ArticlesWrite = "articles:write";
    public const string DvkWrite = "dvk:write";
    public const string ContestsWrite = "contests:write";
    public const string ReportsRead = "reports:read";

    /// <summary>Includes every other scope.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [ArticlesWrite, DvkWrite, ContestsWrite, ReportsRead, Admin];
}
