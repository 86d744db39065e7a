using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Community.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DiscussionsWikiChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PrivacyGuard",
                table: "Communities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CommunityId",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeedToken",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChatReadMarks",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    LastReadId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatReadMarks", x => new { x.UserId, x.CommunityId });
                    table.ForeignKey(
                        name: "FK_ChatReadMarks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChatReadMarks_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PilotId = table.Column<int>(type: "INTEGER", nullable: false),
                    Conclusions = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    LearningPoints = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    ImprovementPoints = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    NewKnowledgeQuestions = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluations_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AskedById = table.Column<string>(type: "TEXT", nullable: true),
                    SourcePilotId = table.Column<int>(type: "INTEGER", nullable: true),
                    TakenUpByPilotId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VoteCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_AspNetUsers_AskedById",
                        column: x => x.AskedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_Pilots_SourcePilotId",
                        column: x => x.SourcePilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_Pilots_TakenUpByPilotId",
                        column: x => x.TakenUpByPilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Threads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsLocked = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPinned = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsHidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    AcceptedPostId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReplyCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UsefulCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Threads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Threads_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Threads_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestionVotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QuestionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestionVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestionVotes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestionVotes_KnowledgeQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "KnowledgeQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EditedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PromotedThreadId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatMessages_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ChatMessages_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChatMessages_Threads_PromotedThreadId",
                        column: x => x.PromotedThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Posts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsOpening = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EditedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HiddenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HiddenById = table.Column<string>(type: "TEXT", nullable: true),
                    UsefulCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Posts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Posts_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Posts_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ThreadFollows",
                columns: table => new
                {
                    ThreadId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThreadFollows", x => new { x.ThreadId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ThreadFollows_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ThreadFollows_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ThreadTags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThreadTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ThreadTags_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiPages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RevisionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    IsLesson = table.Column<bool>(type: "INTEGER", nullable: false),
                    ThemeId = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceThreadId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiPages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiPages_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WikiPages_Themes_ThemeId",
                        column: x => x.ThemeId,
                        principalTable: "Themes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_WikiPages_Threads_SourceThreadId",
                        column: x => x.SourceThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ChatMentions",
                columns: table => new
                {
                    MessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMentions", x => new { x.MessageId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ChatMentions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChatMentions_ChatMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "ChatMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ThreadId = table.Column<int>(type: "INTEGER", nullable: true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: true),
                    ChatMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorId = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Notifications_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_ChatMessages_ChatMessageId",
                        column: x => x.ChatMessageId,
                        principalTable: "ChatMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReporterId = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedById = table.Column<string>(type: "TEXT", nullable: true),
                    Resolution = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostReports_AspNetUsers_ReporterId",
                        column: x => x.ReporterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PostReports_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    EditorId = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostRevisions_AspNetUsers_EditorId",
                        column: x => x.EditorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PostRevisions_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostVotes",
                columns: table => new
                {
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostVotes", x => new { x.PostId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PostVotes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PostVotes_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromPageId = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetSlug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiLinks_WikiPages_FromPageId",
                        column: x => x.FromPageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiPageTags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiPageTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiPageTags_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiRedirects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PageId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiRedirects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiRedirects_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiRevisions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_WikiRevisions_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CommunityId_At",
                table: "AuditEntries",
                columns: new[] { "CommunityId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_FeedToken",
                table: "AspNetUsers",
                column: "FeedToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMentions_UserId",
                table: "ChatMentions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_AuthorId_ClientId",
                table: "ChatMessages",
                columns: new[] { "AuthorId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_CommunityId_Id",
                table: "ChatMessages",
                columns: new[] { "CommunityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_PromotedThreadId",
                table: "ChatMessages",
                column: "PromotedThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatReadMarks_CommunityId",
                table: "ChatReadMarks",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_PilotId",
                table: "Evaluations",
                column: "PilotId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_AskedById",
                table: "KnowledgeQuestions",
                column: "AskedById");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_SourcePilotId",
                table: "KnowledgeQuestions",
                column: "SourcePilotId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_TakenUpByPilotId",
                table: "KnowledgeQuestions",
                column: "TakenUpByPilotId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_VoteCount",
                table: "KnowledgeQuestions",
                column: "VoteCount");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestionVotes_QuestionId_UserId",
                table: "KnowledgeQuestionVotes",
                columns: new[] { "QuestionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestionVotes_UserId",
                table: "KnowledgeQuestionVotes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ActorId",
                table: "Notifications",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ChatMessageId",
                table: "Notifications",
                column: "ChatMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ThreadId",
                table: "Notifications",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_ReadAt_At",
                table: "Notifications",
                columns: new[] { "UserId", "ReadAt", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PostReports_PostId_ResolvedAt",
                table: "PostReports",
                columns: new[] { "PostId", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PostReports_ReporterId",
                table: "PostReports",
                column: "ReporterId");

            migrationBuilder.CreateIndex(
                name: "IX_PostReports_ResolvedAt",
                table: "PostReports",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PostRevisions_EditorId",
                table: "PostRevisions",
                column: "EditorId");

            migrationBuilder.CreateIndex(
                name: "IX_PostRevisions_PostId_At",
                table: "PostRevisions",
                columns: new[] { "PostId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Posts_AuthorId",
                table: "Posts",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Posts_ThreadId_CreatedAt",
                table: "Posts",
                columns: new[] { "ThreadId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PostVotes_UserId",
                table: "PostVotes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ThreadFollows_UserId",
                table: "ThreadFollows",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Threads_AuthorId",
                table: "Threads",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Threads_CommunityId_IsHidden_Kind_AcceptedPostId_ReplyCount",
                table: "Threads",
                columns: new[] { "CommunityId", "IsHidden", "Kind", "AcceptedPostId", "ReplyCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_CommunityId_IsPinned_CreatedAt",
                table: "Threads",
                columns: new[] { "CommunityId", "IsPinned", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_CommunityId_IsPinned_LastActivityAt",
                table: "Threads",
                columns: new[] { "CommunityId", "IsPinned", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_CommunityId_IsPinned_UsefulCount",
                table: "Threads",
                columns: new[] { "CommunityId", "IsPinned", "UsefulCount" });

            migrationBuilder.CreateIndex(
                name: "IX_ThreadTags_Name",
                table: "ThreadTags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_ThreadTags_ThreadId_Name",
                table: "ThreadTags",
                columns: new[] { "ThreadId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_FromPageId_TargetSlug",
                table: "WikiLinks",
                columns: new[] { "FromPageId", "TargetSlug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_TargetSlug",
                table: "WikiLinks",
                column: "TargetSlug");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_CommunityId_Slug",
                table: "WikiPages",
                columns: new[] { "CommunityId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_IsLesson_UpdatedAt",
                table: "WikiPages",
                columns: new[] { "IsLesson", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_SourceThreadId",
                table: "WikiPages",
                column: "SourceThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_ThemeId",
                table: "WikiPages",
                column: "ThemeId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPageTags_Name",
                table: "WikiPageTags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPageTags_PageId_Name",
                table: "WikiPageTags",
                columns: new[] { "PageId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiRedirects_CommunityId_Slug",
                table: "WikiRedirects",
                columns: new[] { "CommunityId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiRedirects_PageId",
                table: "WikiRedirects",
                column: "PageId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiRevisions_AuthorId",
                table: "WikiRevisions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiRevisions_PageId_Number",
                table: "WikiRevisions",
                columns: new[] { "PageId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatMentions");

            migrationBuilder.DropTable(
                name: "ChatReadMarks");

            migrationBuilder.DropTable(
                name: "Evaluations");

            migrationBuilder.DropTable(
                name: "KnowledgeQuestionVotes");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "PostReports");

            migrationBuilder.DropTable(
                name: "PostRevisions");

            migrationBuilder.DropTable(
                name: "PostVotes");

            migrationBuilder.DropTable(
                name: "ThreadFollows");

            migrationBuilder.DropTable(
                name: "ThreadTags");

            migrationBuilder.DropTable(
                name: "WikiLinks");

            migrationBuilder.DropTable(
                name: "WikiPageTags");

            migrationBuilder.DropTable(
                name: "WikiRedirects");

            migrationBuilder.DropTable(
                name: "WikiRevisions");

            migrationBuilder.DropTable(
                name: "KnowledgeQuestions");

            migrationBuilder.DropTable(
                name: "ChatMessages");

            migrationBuilder.DropTable(
                name: "Posts");

            migrationBuilder.DropTable(
                name: "WikiPages");

            migrationBuilder.DropTable(
                name: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_CommunityId_At",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_FeedToken",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PrivacyGuard",
                table: "Communities");

            migrationBuilder.DropColumn(
                name: "CommunityId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "FeedToken",
                table: "AspNetUsers");
        }
    }
}
