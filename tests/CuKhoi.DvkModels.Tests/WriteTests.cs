using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>Register, update, recognise and move models, on both databases.</summary>
public class WriteTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Register_stores_every_field_and_starts_registered(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var input = TestData.Model(TestData.Tag(), name: "  Dân vận khéo trong GPMB  ", field: Field.Economy);
        input.Topics.Add("GPMB");
        input.Topics.Add("GPMB");
        input.Objectives = "Mục tiêu";
        input.Beneficiaries = "Nhân dân";
        input.Status = Status.Closed; // output only: ignored

        var created = await host.Editor.RegisterAsync(input);
        var read = await host.Editor.GetDvkModelAsync(new GetDvkModelRequest { Id = created.Id });

        Assert.Equal(created, read);
        Assert.Equal(32, created.Id.Length);
        Assert.Equal("Dân vận khéo trong GPMB", created.Name);
        Assert.Equal(Status.Registered, created.Status);
        Assert.Equal(["thử nghiệm", "GPMB"], created.Topics);
        Assert.Equal(input.OwnerUnit, created.OwnerUnit);
        Assert.Equal(input.Description, created.Description);
        Assert.Equal(input.Methods, created.Methods);
        Assert.Equal(input.Results, created.Results);
        Assert.Equal("Mục tiêu", created.Objectives);
        Assert.Equal("Nhân dân", created.Beneficiaries);
        Assert.Equal(input.StartDate, created.StartDate);
        Assert.Equal(2024, created.Year);
        Assert.Equal(Field.Economy, created.Field);
        Assert.Empty(created.Recognitions);
        Assert.Equal(Level.Unspecified, created.HighestLevel);
        Assert.Equal(created.CreateTime, created.UpdateTime);
        Assert.Null(created.DeleteTime);
        Assert.Equal("v1", created.Etag);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Codes_are_assigned_per_year_when_not_given(string provider)
    {
        var host = await hosts.GetAsync(provider);
        const int year = 1995; // no other test of this class registers for 1995
        var given = TestData.Model(TestData.Tag(), year: year);
        given.Code = "DVK-1995-41";
        await host.Editor.RegisterAsync(given);

        var first = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: year));
        var second = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: year));

        Assert.Equal("DVK-1995-42", first.Code);
        Assert.Equal("DVK-1995-43", second.Code);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_replayed_register_returns_the_first_model_and_stores_one(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var request = new RegisterDvkModelRequest { DvkModel = TestData.Model(tag), RequestId = Guid.NewGuid().ToString() };

        var first = await host.Editor.RegisterDvkModelAsync(request);
        var replay = await host.Editor.RegisterDvkModelAsync(request);
        var list = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) });

        Assert.Equal(first, replay);
        Assert.Equal(1, list.TotalSize);

        var other = request.Clone();
        other.DvkModel.Name = "Tên khác";
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.RegisterDvkModelAsync(other).ResponseAsync);
        Assert.Equal(Problems.Reasons.IdempotencyKeyReused, e.Reason());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Update_changes_the_masked_fields_only(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        var updated = await host.Editor.UpdateDvkModelAsync(new UpdateDvkModelRequest
        {
            DvkModel = new DvkModel { Id = model.Id, Name = "Đổi tên", Description = "không áp dụng", Etag = model.Etag, Topics = { "tôn giáo" } },
            UpdateMask = new FieldMask { Paths = { "name", "topics" } },
        });

        Assert.Equal("Đổi tên", updated.Name);
        Assert.Equal(["tôn giáo"], updated.Topics);
        Assert.Equal(model.Description, updated.Description);
        Assert.Equal("v2", updated.Etag);
        Assert.True(updated.UpdateTime >= model.UpdateTime);
        Assert.Equal(model.CreateTime, updated.CreateTime);

        // The new name is what search and sort now see.
        var found = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = "doi ten", OwnerUnit = model.OwnerUnit });
        Assert.Equal(model.Id, Assert.Single(found.DvkModels).Id);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_recognition_is_appended_and_makes_the_model_recognised(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: 2020));

        var once = await host.Editor.RecogniseAsync(model.Id, TestData.Recognition(Level.Ward, 2020, 6, 30, "45/QĐ-UBND"));
        var twice = await host.Editor.RecogniseAsync(model.Id, TestData.Recognition(Level.District, 2020, 12, 18, "3568/QĐ-UBND"));

        Assert.Equal(Status.Recognised, once.Status);
        Assert.Equal(Level.Ward, once.HighestLevel);
        Assert.Equal(Level.District, twice.HighestLevel);
        Assert.Equal(["45/QĐ-UBND", "3568/QĐ-UBND"], twice.Recognitions.Select(r => r.DecisionNumber));
        Assert.All(twice.Recognitions, r => Assert.NotNull(r.CreateTime));
        Assert.Equal(new Google.Type.Date { Year = 2020, Month = 12, Day = 18 }, twice.Recognitions[1].DecisionDate);
        Assert.Equal("v3", twice.Etag);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Suspended_and_closed_models_cannot_be_recognised(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var suspended = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        await host.Editor.MoveAsync(suspended.Id, Status.Suspended);
        var closed = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));
        await host.Editor.MoveAsync(closed.Id, Status.Closed);

        foreach (var id in new[] { suspended.Id, closed.Id })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.RecogniseAsync(id));
            Assert.Equal(DvkReasons.NotRecognisable, e.Reason());
            Assert.Contains("không thể được công nhận", e.VietnameseMessage());
        }

        var unchanged = await host.Editor.GetDvkModelAsync(new GetDvkModelRequest { Id = suspended.Id });
        Assert.Empty(unchanged.Recognitions);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_lifecycle_runs_end_to_end(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        await host.Editor.MoveAsync(model.Id, Status.Implementing);
        var review = await host.Editor.MoveAsync(model.Id, Status.UnderReview);
        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.MoveAsync(model.Id, Status.Recognised));
        Assert.Equal(DvkReasons.RecognitionRequired, e.Reason());

        var recognised = await host.Editor.RecogniseAsync(model.Id);
        var suspended = await host.Editor.MoveAsync(model.Id, Status.Suspended);
        var resumed = await host.Editor.MoveAsync(model.Id, Status.Implementing);
        await host.Editor.MoveAsync(resumed.Id, Status.UnderReview);
        var again = await host.Editor.MoveAsync(model.Id, Status.Recognised); // it has a recognition on record now
        var closed = await host.Editor.MoveAsync(model.Id, Status.Closed);

        Assert.Equal(Status.UnderReview, review.Status);
        Assert.Equal(Status.Recognised, recognised.Status);
        Assert.Equal(Status.Suspended, suspended.Status);
        Assert.Equal(Status.Recognised, again.Status);
        Assert.Equal(Status.Closed, closed.Status);
        await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.MoveAsync(model.Id, Status.Implementing));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Writes_on_a_missing_model_are_404(string provider)
    {
        var host = await hosts.GetAsync(provider);
        const string missing = "00000000000000000000000000000000";

        var e = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.RecogniseAsync(missing));
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.MoveAsync(missing, Status.Implementing));
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = missing }).ResponseAsync);

        Assert.Equal(Problems.Reasons.NotFound, e.Reason());
        Assert.Contains("Không tìm thấy", e.VietnameseMessage());
    }
}
