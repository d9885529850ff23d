namespace CuKhoi.AppHost;

/// <summary>The contract's ports (CONTRACT.md): fixed, so callers and docs never change.</summary>
internal static class Ports
{
    public const int Articles = 5101;
    public const int DvkModels = 5102;
    public const int Contests = 5103;
    public const int GatewayRest = 8080;
    public const int GatewayGrpc = 8081;

    public static string Url(int port) => $"http://127.0.0.1:{port}";

    public static string Gateway(string path) => $"http://localhost:{GatewayRest}{path}";
}
