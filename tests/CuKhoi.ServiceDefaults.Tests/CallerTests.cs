using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Who calls, from the gateway's metadata, and the one guard services put on their writes.</summary>
public class CallerTests
{
    private static Caller CallerWith(string? principal, string? scopes)
    {
        var headers = new Metadata();
        if (principal is not null)
        {
            headers.Add(CallMetadata.Principal, principal);
        }

        if (scopes is not null)
        {
            headers.Add(CallMetadata.Scopes, scopes);
        }

        return new FakeServerCallContext("/test/Write", headers).GetCaller();
    }

    [Theory]
    [InlineData("key-1", "dvk:write", true)]
    [InlineData("key-1", "reports:read admin", true)]
    [InlineData(null, null, true)]
    [InlineData("key-1", "reports:read", false)]
    [InlineData("key-1", "", false)]
    public void Demand_lets_through_only_holders_of_the_scope(string? principal, string? scopes, bool allowed)
    {
        var caller = CallerWith(principal, scopes);

        var e = Record.Exception(() => caller.Demand("dvk:write", "Changing DVK models needs the dvk:write scope.", "Cần quyền dvk:write."));

        if (allowed)
        {
            Assert.Null(e);
            return;
        }

        var denied = Assert.IsType<RpcException>(e);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("PERMISSION_DENIED", denied.Reason());
        Assert.Equal("Changing DVK models needs the dvk:write scope.", denied.Status.Detail);
        Assert.Equal("Cần quyền dvk:write.", denied.VietnameseMessage());
    }
}
