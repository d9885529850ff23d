using System.Security.Cryptography;
using System.Text;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// Refuses every call that does not carry the internal service token (UNAUTHENTICATED).
/// Health checks are exempt so orchestrators can probe without secrets.
/// </summary>
public sealed class InternalTokenInterceptor(IConfiguration configuration) : CallCheckInterceptor
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(Secrets.InternalToken(configuration));

    protected override void Check(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        {
            return;
        }

        var presented = context.RequestHeaders.GetValue(CallMetadata.InternalToken);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token))
        {
            throw Problems.Unauthenticated(
                "This service accepts only calls from the gateway and sibling services.",
                "Dịch vụ này chỉ nhận lời gọi từ gateway và các dịch vụ nội bộ.");
        }
    }
}
