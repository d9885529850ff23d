using System.Text;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// At the boundary every string, however deep, becomes NFC, and a lone surrogate (what
/// invalid UTF-8 leaves) is refused naming the field by its JSON path.
/// </summary>
public class InputInterceptorTests
{
    private static string Nfd(string text) => text.Normalize(NormalizationForm.FormD);

    private static string Nfc(string text) => text.Normalize(NormalizationForm.FormC);

    [Fact]
    public async Task Nested_and_repeated_strings_arrive_as_NFC()
    {
        var request = new SubmitEntryRequest
        {
            ContestId = "c1",
            Entry = new ContestEntry
            {
                Title = Nfd("Người tốt việc tốt ở tổ dân phố"),
                Authors =
                {
                    new Author { FullName = Nfd("Nguyễn Thị Hồng"), Unit = Nfd("Chi bộ số 3") },
                    new Author { FullName = Nfd("Trần Văn Đức") },
                },
                Subject = new Subject { Name = Nfd("Chi hội Phụ nữ tổ 12") },
            },
        };
        SubmitEntryRequest? received = null;

        await new InputInterceptor().UnaryServerHandler(
            request,
            new FakeServerCallContext("/cukhoi.contests.v1.ContestService/SubmitEntry"),
            (r, _) =>
            {
                received = r;
                return Task.FromResult(new ContestEntry());
            });

        Assert.NotNull(received);
        Assert.Equal(Nfc("Người tốt việc tốt ở tổ dân phố"), received.Entry.Title);
        Assert.Equal(Nfc("Nguyễn Thị Hồng"), received.Entry.Authors[0].FullName);
        Assert.Equal(Nfc("Chi bộ số 3"), received.Entry.Authors[0].Unit);
        Assert.Equal(Nfc("Trần Văn Đức"), received.Entry.Authors[1].FullName);
        Assert.Equal(Nfc("Chi hội Phụ nữ tổ 12"), received.Entry.Subject.Name);
    }

    [Fact]
    public void Repeated_strings_are_normalised_in_place()
    {
        var request = new RegisterDvkModelRequest
        {
            DvkModel = new DvkModel { Name = Nfd("Dân vận khéo"), Topics = { "GPMB", Nfd("tôn giáo"), Nfd("vệ sinh môi trường") } },
        };

        InputInterceptor.Normalise(request, string.Empty);

        Assert.Equal(["GPMB", Nfc("tôn giáo"), Nfc("vệ sinh môi trường")], request.DvkModel.Topics);
        Assert.Equal(Nfc("Dân vận khéo"), request.DvkModel.Name);
    }

    [Fact]
    public void Unset_fields_stay_unset()
    {
        var request = new SubmitEntryRequest { ContestId = "c1" };

        InputInterceptor.Normalise(request, string.Empty);

        Assert.Null(request.Entry);
        Assert.Equal(new SubmitEntryRequest { ContestId = "c1" }, request);
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_with_the_field_path()
    {
        var request = new SubmitEntryRequest
        {
            Entry = new ContestEntry { Title = "ok", Authors = { new Author { FullName = "An" }, new Author { FullName = "B\ud800nh" } } },
        };
        var called = false;

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => new InputInterceptor().UnaryServerHandler(
            request,
            new FakeServerCallContext("/cukhoi.contests.v1.ContestService/SubmitEntry"),
            (_, _) =>
            {
                called = true;
                return Task.FromResult(new ContestEntry());
            }));

        Assert.False(called);
        Assert.Equal("entry.authors[1].fullName", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("UTF-8", e.VietnameseMessage());
    }

    [Fact]
    public void A_lone_surrogate_in_a_repeated_string_names_its_index()
    {
        var request = new RegisterDvkModelRequest { DvkModel = new DvkModel { Topics = { "GPMB", "tôn giáo", "\udc00" } } };

        var e = Assert.Throws<RpcException>(() => InputInterceptor.Normalise(request, string.Empty));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("dvkModel.topics[2]", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }
}
