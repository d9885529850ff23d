using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// Who sees and changes what: readers without dvk:write see recognised, live models only;
/// sibling services see everything; writes need dvk:write; no internal token, no call.
/// </summary>
public class AccessTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    private Task<DvkHost> HostAsync() => hosts.GetAsync("sqlite");

    [Fact]
    public async Task Readers_list_recognised_live_models_only()
    {
        var host = await HostAsync();
        var tag = TestData.Tag();
        await host.Editor.RegisterAsync(TestData.Model(tag, "Đang đăng ký"));
        var recognised = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(tag, "Đã công nhận"))).Id);
        var deleted = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(tag, "Đã công nhận rồi xóa"))).Id);
        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = deleted.Id });
        var request = new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) };

        foreach (var reader in new[] { host.Anonymous, host.Reader })
        {
            var page = await reader.ListDvkModelsAsync(request);
            Assert.Equal(recognised.Id, Assert.Single(page.DvkModels).Id);
            Assert.Equal(1, page.TotalSize);
            var explicitly = await reader.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), Status = Status.Recognised });
            Assert.Single(explicitly.DvkModels);
        }

        Assert.Equal(2, (await host.Editor.ListDvkModelsAsync(request)).TotalSize);
        Assert.Equal(2, (await host.Service.ListDvkModelsAsync(request)).TotalSize);
    }

    [Fact]
    public async Task Readers_asking_for_another_status_are_403()
    {
        var host = await HostAsync();

        var e = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => host.Anonymous.ListDvkModelsAsync(new ListDvkModelsRequest { Status = Status.Registered }).ResponseAsync);

        Assert.Equal(Problems.Reasons.PermissionDenied, e.Reason());
        Assert.Contains("dvk:write", e.VietnameseMessage());
    }

    [Fact]
    public async Task Readers_get_404_for_unrecognised_or_deleted_models()
    {
        var host = await HostAsync();
        var draft = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        var deleted = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()))).Id);
        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = deleted.Id });
        var recognised = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()))).Id);

        foreach (var id in new[] { draft.Id, deleted.Id })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Anonymous.GetDvkModelAsync(new GetDvkModelRequest { Id = id }).ResponseAsync);
            Assert.Contains("Không tìm thấy", e.VietnameseMessage());
        }

        Assert.Equal(recognised, await host.Anonymous.GetDvkModelAsync(new GetDvkModelRequest { Id = recognised.Id }));
        Assert.Equal(draft.Id, (await host.Service.GetDvkModelAsync(new GetDvkModelRequest { Id = draft.Id })).Id);
        Assert.NotNull((await host.Service.GetDvkModelAsync(new GetDvkModelRequest { Id = deleted.Id })).DeleteTime);
    }

    [Fact]
    public async Task Every_write_needs_dvk_write()
    {
        var host = await HostAsync();
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        var writes = new Func<DvkModelService.DvkModelServiceClient, Task>[]
        {
            c => c.RegisterAsync(TestData.Model(TestData.Tag())),
            c => c.UpdateDvkModelAsync(new UpdateDvkModelRequest { DvkModel = new DvkModel { Id = model.Id, Name = "x" } }).ResponseAsync,
            c => c.RecogniseAsync(model.Id),
            c => c.MoveAsync(model.Id, Status.Implementing),
            c => c.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = model.Id }).ResponseAsync,
            c => c.UndeleteDvkModelAsync(new UndeleteDvkModelRequest { Id = model.Id }).ResponseAsync,
        };

        foreach (var write in writes)
        {
            foreach (var client in new[] { host.Anonymous, host.Reader, host.Reporter })
            {
                var e = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => write(client));
                Assert.Contains("dvk:write", e.VietnameseMessage());
            }
        }

        Assert.Equal(Status.Implementing, (await host.Admin.MoveAsync(model.Id, Status.Implementing)).Status);
    }

    [Fact]
    public async Task A_call_without_the_internal_token_is_unauthenticated()
    {
        var host = await HostAsync();

        var e = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => host.NoToken.ListDvkModelsAsync(new ListDvkModelsRequest()).ResponseAsync);

        Assert.Equal(Problems.Reasons.Unauthenticated, e.Reason());
        Assert.NotNull(e.VietnameseMessage());
    }
}
