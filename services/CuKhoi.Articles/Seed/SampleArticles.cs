namespace CuKhoi.Articles.Seed;

/// <summary>
/// Invented articles around the seed document (2020–2021), each marked as sample data by
/// its tag and source. Times are local (UTC+7). Two sit either side of the 2021 new year
/// in local time, so the statistics show the year boundary is taken in Asia/Ho_Chi_Minh.
/// </summary>
public static class SampleArticles
{
    public const string Tag = "dữ-liệu-mẫu";
    public const string Source = "Dữ liệu mẫu";

    private static readonly TimeSpan Local = TimeSpan.FromHours(7);

    public static readonly IReadOnlyList<SampleArticle> All =
    [
        Published(
            "Ra mắt mô hình “Dân vận khéo” trong công tác giải phóng mặt bằng tại tổ dân phố số 5",
            "dan-van",
            new(2020, 6, 15, 9, 30, 0, Local),
            86,
            "Nguyễn Thị Minh Hằng",
            "Sáng 15/6/2020, Đảng ủy phường Cự Khối tổ chức ra mắt mô hình “Dân vận khéo” trong công tác giải phóng mặt bằng tại tổ dân phố số 5.",
            "Mô hình do Chi bộ khu dân cư số 5 xây dựng, tập trung vận động các hộ dân bàn giao mặt bằng đúng tiến độ, công khai phương án bồi thường và lắng nghe ý kiến của nhân dân."),
        Published(
            "Chi bộ khu dân cư số 3 triển khai kế hoạch kiểm tra, giám sát năm 2020",
            "kiem-tra-giam-sat",
            new(2020, 3, 10, 10, 0, 0, Local),
            57,
            "Trần Văn Hùng",
            "Thực hiện hướng dẫn của Ủy ban kiểm tra Đảng ủy phường, Chi bộ khu dân cư số 3 đã xây dựng và triển khai kế hoạch kiểm tra, giám sát năm 2020.",
            "Kế hoạch xác định rõ nội dung, đối tượng và thời gian kiểm tra, giám sát đối với đảng viên trong chi bộ."),
        Published(
            "Thông báo lịch tiếp công dân của Bí thư Đảng ủy phường quý I năm 2021",
            "thong-bao",
            new(2021, 1, 4, 8, 0, 0, Local),
            203,
            "Văn phòng Đảng ủy phường",
            "Bí thư Đảng ủy phường Cự Khối tiếp công dân vào sáng thứ Năm tuần thứ hai và tuần thứ tư hằng tháng tại trụ sở Đảng ủy – UBND phường.",
            "Công dân có nhu cầu phản ánh, kiến nghị vui lòng đăng ký trước tại bộ phận một cửa của phường."),
        Published(
            "Phường Cự Khối phát động cuộc thi viết về điển hình “Dân vận khéo” năm 2020",
            "dan-van",
            new(2020, 4, 20, 15, 0, 0, Local),
            312,
            "Lê Thị Thu Trang",
            "Khối dân vận Đảng ủy phường phát động cuộc thi viết về các điển hình “Dân vận khéo” trong các chi bộ, đoàn thể và tổ dân phố.",
            "Bài dự thi phản ánh những cách làm hay, gương người tốt việc tốt trong công tác dân vận trên địa bàn phường."),
        Published(
            "Đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân năm 2020",
            "tin-tuc",
            new(2020, 11, 25, 16, 15, 0, Local),
            95,
            "Phạm Quang Vinh",
            "Chiều 25/11/2020, Đảng ủy, UBND phường Cự Khối phối hợp với Ủy ban Mặt trận Tổ quốc phường tổ chức hội nghị đối thoại định kỳ với nhân dân.",
            "Các ý kiến tập trung vào công tác giải phóng mặt bằng, vệ sinh môi trường và trật tự đô thị; lãnh đạo phường đã trả lời, làm rõ từng nội dung."),
        new SampleArticle(
            "Ủy ban kiểm tra Đảng ủy giám sát chuyên đề đối với chi bộ Công an phường",
            "kiem-tra-giam-sat",
            "UNPUBLISHED",
            new DateTimeOffset(2020, 9, 8, 9, 0, 0, Local),
            new DateTimeOffset(2020, 9, 8, 8, 0, 0, Local),
            41,
            [
                "Ủy ban kiểm tra Đảng ủy phường đã tiến hành giám sát chuyên đề đối với chi bộ Công an phường về việc thực hiện quy chế làm việc.",
                "Bài viết tạm gỡ xuống để bổ sung số liệu.",
            ],
            [Tag, "giám-sát"],
            "Đỗ Thị Lan",
            Source),
        Published(
            "Hội Phụ nữ phường ra quân vệ sinh môi trường đón Tết Tân Sửu 2021",
            "tin-tuc",
            new(2021, 2, 3, 7, 30, 0, Local),
            128,
            "Nguyễn Thị Minh Hằng",
            "Hơn 200 hội viên Hội Liên hiệp Phụ nữ phường Cự Khối đã ra quân dọn dẹp vệ sinh đường làng, ngõ xóm đón Tết Nguyên đán Tân Sửu 2021.",
            "Hoạt động góp phần xây dựng cảnh quan xanh, sạch, đẹp trên địa bàn phường."),
        new SampleArticle(
            "Dự thảo kế hoạch công tác Dân vận năm 2021",
            "dan-van",
            "DRAFT",
            null,
            new DateTimeOffset(2021, 1, 12, 14, 0, 0, Local),
            0,
            ["Dự thảo kế hoạch công tác Dân vận năm 2021 với trọng tâm “Năm Dân vận khéo, trọng tâm công tác giải phóng mặt bằng”."],
            [Tag, "kế-hoạch"],
            "Lê Thị Thu Trang",
            Source),
        new SampleArticle(
            "Thông báo lấy ý kiến nhân dân về dự thảo quy ước tổ dân phố",
            "thong-bao",
            "PENDING_REVIEW",
            null,
            new DateTimeOffset(2021, 3, 2, 9, 0, 0, Local),
            0,
            ["UBND phường Cự Khối thông báo lấy ý kiến nhân dân về dự thảo quy ước của các tổ dân phố trên địa bàn phường."],
            [Tag, "quy-ước"],
            "Văn phòng UBND phường",
            Source),
        Published(
            "Lực lượng dân phòng trực đêm giao thừa Tết Dương lịch 2021",
            "tin-tuc",
            new(2021, 1, 1, 0, 30, 0, Local),
            64,
            "Phạm Quang Vinh",
            "Ngay sau thời khắc giao thừa Tết Dương lịch 2021, lực lượng dân phòng phường Cự Khối đã tuần tra, bảo đảm an ninh trật tự trên địa bàn.",
            "Đêm giao thừa diễn ra an toàn, không có vụ việc phức tạp."),
        Published(
            "Tổng kết phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” năm 2020",
            "tin-tuc",
            new(2020, 12, 31, 23, 45, 0, Local),
            77,
            "Trần Văn Hùng",
            "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” phường Cự Khối đã tổng kết kết quả thực hiện năm 2020.",
            "Toàn phường có 95% hộ gia đình đạt danh hiệu gia đình văn hóa."),
    ];

    // A published sample: created two hours before it went out, changed last when published.
    private static SampleArticle Published(string title, string category, DateTimeOffset published, long views, string author, params string[] paragraphs) =>
        new(title, category, "PUBLISHED", published, published.AddHours(-2), views, paragraphs, [Tag], author, Source);
}
