"""What the site stores: departments, their disclosures, and everything parsed out of them.

Rows are written only by the ingest service (``disclosures/ingest.py``); read logic lives in
the QuerySet methods below so that views, exports and the admin stay short.

One module on purpose, though it is long: the schema is read as a whole (a newcomer learns what
is stored from this file alone), and its models refer to each other throughout.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from disclosures.checks.names import check_label
from disclosures.parsing import money
from disclosures.parsing.document import EXPENSE


def in_wan(amount: Decimal | None, unit: str) -> Decimal | None:
    """``amount`` printed in ``unit`` converted to 万元 (exactly); None when the unit is unknown."""
    if amount is None or not money.is_known(unit):
        return None
    return money.convert(amount, unit, money.WAN)


class Stage(models.TextChoices):
    BUDGET = "预算", "预算"
    FINAL_ACCOUNTS = "决算", "决算"


class Level(models.TextChoices):
    DEPARTMENT = "部门", "部门"
    UNIT = "单位", "单位"


class DepartmentQuerySet(models.QuerySet):
    def find_printed(self, *, code: str, name: str) -> Department | None:
        """The department a document's printed code and name refer to, or None if it is new.

        A printed code decides; a department first seen without a code is adopted when its name
        (or an alias) matches. Without a code the name decides, through the aliases staff recorded
        when they merged two names of one department.
        """
        if code:
            found = self.filter(code=code).first()
            if found:
                return found
            return self.filter(Q(name=name) | Q(aliases__name=name), code="").distinct().first()
        by_name = self.filter(name=name).order_by("pk").first()
        return by_name or self.filter(aliases__name=name).distinct().first()


class Department(models.Model):
    code = models.CharField("部门编码", max_length=20, blank=True, help_text="表头印出的编码；未印出时为空")
    name = models.CharField("部门名称", max_length=200)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="department_unique_code"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(code=""), name="department_unique_name_without_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:department", args=[self.pk])


class DepartmentAlias(models.Model):
    """Another name printed for the same department (中共江苏省委办公厅 for 江苏省委办公厅)."""

    department = models.ForeignKey(Department, models.CASCADE, related_name="aliases", verbose_name="部门")
    name = models.CharField("别名", max_length=200, unique=True)

    class Meta:
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClassificationCodeQuerySet(models.QuerySet):
    def top_level(self) -> ClassificationCodeQuerySet:
        """The 类 (three-digit) codes."""
        return self.filter(level=ClassificationCode.Rank.CLASS)

    def ancestors_of(self, classification: ClassificationCode) -> ClassificationCodeQuerySet:
        """The codes above ``classification`` (its prefixes: 类, then 款), top first."""
        prefixes = [classification.code[:length] for length in (3, 5) if length < len(classification.code)]
        return self.filter(kind=classification.kind, code__in=prefixes).order_by("code")

    def search(self, text: str) -> ClassificationCodeQuerySet:
        """Codes starting with ``text``, or whose name contains it."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(Q(code__startswith=text) | Q(name__contains=text))

    def with_usage(self) -> ClassificationCodeQuerySet:
        """Annotate ``children_count`` and ``disclosures_count`` (current disclosures with an
        amount under the code)."""
        current = Q(
            lines__table__disclosure__status=Disclosure.Status.STORED,
            lines__table__disclosure__is_current=True,
        )
        return self.annotate(
            children_count=Count("children", distinct=True),
            disclosures_count=Count("lines__table__disclosure", filter=current, distinct=True),
        )


class ClassificationCode(models.Model):
    """A 政府收支分类科目: a function (支出功能分类) or economic (支出经济分类) code."""

    class Kind(models.TextChoices):
        FUNCTION = "功能", "支出功能分类"
        ECONOMIC = "经济", "支出经济分类"

    class Rank(models.TextChoices):
        CLASS = "类", "类"
        SECTION = "款", "款"
        ITEM = "项", "项"

    RANK_BY_LENGTH = {3: Rank.CLASS, 5: Rank.SECTION, 7: Rank.ITEM}
    # The kind as it appears in URLs (/codes/function/20805/).
    KIND_BY_SLUG = {"function": Kind.FUNCTION, "economic": Kind.ECONOMIC}

    kind = models.CharField("分类", max_length=2, choices=Kind.choices)
    code = models.CharField("科目编码", max_length=10)
    name = models.TextField("科目名称", blank=True)
    level = models.CharField("级次", max_length=1, choices=Rank.choices, blank=True)
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name="上级科目"
    )

    class Meta:
        verbose_name = "分类科目"
        verbose_name_plural = "分类科目"
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="classification_code_unique")]

    objects = ClassificationCodeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind_slug(self) -> str:
        return next(slug for slug, kind in self.KIND_BY_SLUG.items() if kind == self.kind)

    def get_absolute_url(self) -> str:
        return reverse("disclosures:code", args=[self.kind_slug, self.code])

    @classmethod
    def rank_for(cls, code: str) -> str:
        """类/款/项 from the code's length (3/5/7 digits), "" for any other length."""
        return cls.RANK_BY_LENGTH.get(len(code), "")


def source_file_path(instance: Disclosure, filename: str) -> str:
    """Uploaded PDFs are stored under their sha256, so the same file is kept once."""
    return f"disclosures/{instance.sha256[:2]}/{instance.sha256}.pdf"


class DisclosureQuerySet(models.QuerySet):
    def stored(self) -> DisclosureQuerySet:
        """Disclosures that were parsed and stored (current or earlier versions)."""
        return self.filter(status=Disclosure.Status.STORED)

    def current(self) -> DisclosureQuerySet:
        """The published data: the current version of each stored disclosure."""
        return self.stored().filter(is_current=True)

    def matching(
        self, *, department: str = "", year: int | None = None, stage: str = "", level: str = ""
    ) -> DisclosureQuerySet:
        """Filter by the open-data query parameters; each is optional. ``department`` is the
        department code, or the name for departments that print none."""
        queryset = self
        if department:
            queryset = queryset.filter(Q(department__code=department) | Q(department__name=department))
        if year is not None:
            queryset = queryset.filter(year=year)
        if stage:
            queryset = queryset.filter(stage=stage)
        if level:
            queryset = queryset.filter(level=level)
        return queryset

    def with_check_counts(self) -> DisclosureQuerySet:
        """Annotate ``checks_total`` and ``checks_failed``: a subquery each, because a join would
        group every check row of every disclosure listed (217,000 rows sorted for a page of 1,000
        disclosures: 860 ms against 40 ms, bench/site.py)."""

        def counted(condition: Q):
            rows = CheckResult.objects.filter(condition, disclosure=OuterRef("pk")).order_by()
            count = rows.values("disclosure").annotate(n=Count("pk")).values("n")[:1]
            return Coalesce(Subquery(count, output_field=IntegerField()), 0)

        return self.annotate(
            checks_total=counted(~Q(status=CheckResult.Status.NOT_APPLICABLE)),
            checks_failed=counted(Q(status=CheckResult.Status.FAILED)),
        )

    def in_reading_order(self) -> DisclosureQuerySet:
        """Newest year first, then by department code and name."""
        return self.order_by("-year", "department__code", "department__name", "stage", "level", "pk")


class Disclosure(models.Model):
    """One uploaded PDF and, once stored, one version of a department's disclosure.

    A disclosure is identified by (department, year, stage, level); each upload of it is a new
    version, and exactly one version is current. Uploads that were refused keep their file and
    message here but have no department and are never published. A disclosure whose department,
    year or stage could not be read is kept as 待确认 with what was read, unpublished, until staff
    fill in what is missing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "等待解析"
        PARSING = "parsing", "解析中"
        STORED = "stored", "已入库"
        REVIEW = "review", "待确认"
        REFUSED = "refused", "已拒收"
        FAILED = "failed", "解析出错"

    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="disclosures", verbose_name="部门"
    )
    department_name = models.CharField("印出的部门名称", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    stage = models.CharField("类型", max_length=2, choices=Stage.choices, blank=True)
    level = models.CharField("级次", max_length=2, choices=Level.choices, blank=True)
    title = models.TextField("标题", blank=True)

    source_file = models.FileField("原始文件", upload_to=source_file_path, max_length=255)
    original_filename = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    # Which parser read the file (``ingest.parser_version``): the same file read by the same parser
    # again is 未变化 and not stored twice.
    parser_version = models.CharField("解析器版本", max_length=16, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)

    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    is_current = models.BooleanField("当前版本", default=False)
    version = models.PositiveIntegerField("版本", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="被替换为"
    )
    # Two-part disclosures: when this version carries tables or explanation from an earlier
    # upload, these point to the upload whose PDF the page numbers refer to.
    tables_source = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="表格来自"
    )
    explanation_source = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="说明来自"
    )
    has_tables = models.BooleanField("含表格", default=False)
    has_explanation = models.BooleanField("含情况说明", default=False)

    parse_log = models.JSONField("解析记录", default=dict, blank=True)
    refusal = models.TextField("拒收原因", blank=True)
    # What staff gave at upload (部门名称, 部门编码, 年度, 类型, 级次): it wins over what the file prints.
    given_identity = models.JSONField("上传时填写的身份", default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    stored_at = models.DateTimeField("入库时间", null=True, blank=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = "公开文件"
        verbose_name_plural = "公开文件"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "stage", "level"],
                condition=Q(is_current=True),
                name="disclosure_one_current_version",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "stage", "level"], name="disclosure_open_data_filter"),
            models.Index(fields=["status", "is_current"], name="disclosure_published"),
        ]

    def __str__(self) -> str:
        if self.department_id and self.year:
            name = self.department_name or self.department.name
            version = f"（第{self.version}版）" if self.version else ""
            return f"{name} {self.year}年{self.stage}{self.level}{version}"
        return self.original_filename or f"上传 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("disclosures:detail", args=[self.pk])

    def pdf_url(self) -> str:
        return reverse("disclosures:pdf", args=[self.pk])

    def tables_pdf_url(self) -> str:
        """The PDF the tables' page numbers refer to (an earlier upload for a two-part disclosure).

        Built from the key alone, so that listing many disclosures' lines costs no query."""
        return reverse("disclosures:pdf", args=[self.tables_source_id or self.pk])

    @property
    def label(self) -> str:
        """年度, 类型 and 级次 in one phrase: 2025年预算, 2024年决算（单位）."""
        level = "" if self.level == Level.DEPARTMENT else f"（{self.level}）"
        return f"{self.year}年{self.stage}{level}"

    def explanation_pdf_url(self) -> str:
        return (self.explanation_source or self).pdf_url()

    def versions(self) -> DisclosureQuerySet:
        """Every stored version of this disclosure, newest first."""
        return (
            Disclosure.objects.stored()
            .filter(department=self.department_id, year=self.year, stage=self.stage, level=self.level)
            .order_by("-version", "-pk")
        )


class StatementTable(models.Model):
    """One of the tables of a disclosure, as printed (possibly over several pages)."""

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="tables", verbose_name="公开文件")
    order = models.PositiveIntegerField("顺序")
    kind = models.TextField("表", help_text="九张标准表之一，或非标准表的印出标题")
    title = models.TextField("印出标题")
    unit = models.CharField("单位", max_length=20, blank=True)
    pages = models.JSONField("页码", default=list)
    columns = models.JSONField("金额列", default=list)
    column_paths = models.JSONField("列标题层级", default=dict, blank=True)
    empty_note = models.TextField("空表说明", blank=True)
    is_standard = models.BooleanField("标准表", default=False)

    class Meta:
        verbose_name = "报表"
        verbose_name_plural = "报表"
        ordering = ["disclosure", "order"]

    def __str__(self) -> str:
        return self.title

    def grid(self) -> dict:
        """The table for display: its amount columns, and one entry per row that has amounts.

        Uses ``lines`` as prefetched; each row's ``amounts`` lines up with ``columns`` (None where
        the cell was empty). A row's ``code_url`` links its classification code to the code's page
        when the lines were prefetched with their ``classification`` (else it is "", and no query
        is made per row).
        """
        lines = sorted(self.lines.all(), key=lambda line: (line.row_order, line.column_order))
        columns = list(self.columns)
        for line in lines:
            if line.column not in columns:
                columns.append(line.column)
        rows: dict[int, dict] = {}
        for line in lines:
            row = rows.setdefault(
                line.row_order,
                {
                    "row_no": line.row_no,
                    "code": line.code,
                    "item": line.item,
                    "side": line.side,
                    "page": line.page,
                    "code_url": line.classification_url,
                },
            )
            row.setdefault("cells", {})[line.column] = line.amount
        for row in rows.values():
            row["amounts"] = [row["cells"].get(column) for column in columns]
        two_sided = any(row["side"] for row in rows.values())
        return {"columns": columns, "rows": [rows[order] for order in sorted(rows)], "two_sided": two_sided}


class LineQuerySet(models.QuerySet):
    # What the department page compares from the 支出总表: (key, label, column as printed); the
    # total column is recognised by ``Line.is_expense_total`` (合计, 本年支出合计).
    EXPENSE_MEASURES = (
        ("total", "支出合计", ""),
        ("basic", "基本支出", "基本支出"),
        ("project", "项目支出", "项目支出"),
    )

    def current(self) -> LineQuerySet:
        """Lines of the current version of each stored disclosure."""
        return self.filter(
            table__disclosure__status=Disclosure.Status.STORED, table__disclosure__is_current=True
        )

    def with_disclosure(self) -> LineQuerySet:
        """Fetch table, disclosure and department with each line (for listing across disclosures)."""
        return self.select_related("table__disclosure__department")

    def headline_lines(self) -> LineQuerySet:
        """The few lines per disclosure its totals are read from (``figures.headline``): the
        收支总表's total rows and the uncoded rows of the 收入总表 and 支出总表, with their table and
        disclosure."""
        from disclosures import figures  # it reads these models

        summary_totals = Q(table__kind=figures.INCOME_EXPENSE_SUMMARY, item__in=figures.TOTAL_ITEMS)
        uncoded = Q(table__kind__in=[figures.INCOME, EXPENSE], code="")
        return self.filter(summary_totals | uncoded).select_related("table__disclosure")

    def headline_per_disclosure(self) -> list[Line]:
        """One line per disclosure: the amount a citizen reads first for the code(s) filtered on.

        For a function code, the total column (合计, 本年支出合计) of the 支出总表; where that
        table has no amount for the code, the first amount column of the first table that has it.
        The chosen line names its table (``table.kind``) and column. One query.
        """
        lines = self.with_disclosure().order_by(
            "table__disclosure_id", "table__order", "row_order", "column_order"
        )
        chosen: dict[int, Line] = {}
        for line in lines:
            disclosure_id = line.table.disclosure_id
            best = chosen.get(disclosure_id)
            if best is None or (line.is_expense_total and not best.is_expense_total):
                chosen[disclosure_id] = line
        return list(chosen.values())

    def expense_class_comparison(self) -> dict:
        """The 支出总表's 类-level function codes side by side across disclosures (a department's
        years and stages): its 合计, 基本支出 and 项目支出, in 万元. One query.

        Returns ``disclosures`` (the columns, oldest first: those whose 支出总表 has amounts by
        code) and ``measures``: for each of EXPENSE_MEASURES a (key, label, rows) triple, each row
        ``{"classification": ClassificationCode, "lines": {disclosure pk: Line}}``.
        """
        lines = (
            self.filter(
                table__kind=EXPENSE,
                classification__kind=ClassificationCode.Kind.FUNCTION,
                classification__level=ClassificationCode.Rank.CLASS,
            )
            .select_related("classification", "table__disclosure")
            .order_by("classification__code", "table__order", "row_order", "column_order")
        )
        measure_by_column = {column: key for key, _, column in self.EXPENSE_MEASURES if column}
        disclosures: dict[int, Disclosure] = {}
        codes: dict[str, ClassificationCode] = {}
        cells: dict[tuple[str, str, int], Line] = {}
        for line in lines:
            measure = "total" if line.is_expense_total else measure_by_column.get(line.column)
            if measure is None:
                continue
            disclosure = line.table.disclosure
            disclosures.setdefault(disclosure.pk, disclosure)
            codes.setdefault(line.classification.code, line.classification)
            cells.setdefault((measure, line.classification.code, disclosure.pk), line)
        stage_order = {stage: index for index, stage in enumerate(Stage.values)}
        level_order = {level: index for index, level in enumerate(Level.values)}
        columns = sorted(
            disclosures.values(),
            key=lambda d: (d.year or 0, stage_order.get(d.stage, 9), level_order.get(d.level, 9), d.pk),
        )
        measures = []
        for key, label, _ in self.EXPENSE_MEASURES:
            rows = [
                {
                    "classification": classification,
                    "lines": {d.pk: cells[key, code, d.pk] for d in columns if (key, code, d.pk) in cells},
                }
                for code, classification in sorted(codes.items())
            ]
            rows = [row for row in rows if row["lines"]]
            measures.append((key, label, rows))
        return {"disclosures": columns, "measures": measures}


class Line(models.Model):
    """One non-empty amount cell of a table: the row it is on and the column it is under."""

    table = models.ForeignKey(StatementTable, models.CASCADE, related_name="lines", verbose_name="报表")
    row_order = models.PositiveIntegerField("行顺序")
    column_order = models.PositiveIntegerField("列顺序")
    side = models.CharField("收支", max_length=10, blank=True)
    row_no = models.CharField("序号", max_length=50, blank=True)
    code = models.CharField("科目编码", max_length=50, blank=True)
    classification = models.ForeignKey(
        ClassificationCode,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name="分类科目",
    )
    item = models.TextField("项目")
    column = models.TextField("列")
    amount = models.DecimalField("金额", max_digits=20, decimal_places=2)
    # The amount as printed (separators removed): 164978640 stays 164978640, not 164978640.00.
    printed = models.CharField("印出的金额", max_length=40)
    page = models.PositiveIntegerField("页")

    class Meta:
        verbose_name = "金额"
        verbose_name_plural = "金额"
        ordering = ["table", "row_order", "column_order"]
        indexes = [
            models.Index(fields=["table", "row_order", "column_order"], name="line_reading_order"),
            models.Index(fields=["code"], name="line_code"),
        ]

    objects = LineQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.item} / {self.column}: {self.amount}"

    @property
    def unit(self) -> str:
        """万元 or 元, as printed above the line's table."""
        return self.table.unit

    @property
    def amount_in_wan(self) -> Decimal | None:
        """The amount in 万元 (converted from 元), or None if the table's unit is unknown."""
        return in_wan(self.amount, self.table.unit)

    @property
    def is_expense_total(self) -> bool:
        """Whether the line is in the total column (合计, 本年支出合计) of a 支出总表."""
        return self.table.kind == EXPENSE and self.column.endswith("合计")

    @property
    def pdf_page_url(self) -> str:
        """The page of the original PDF the amount was read from."""
        return f"{self.table.disclosure.tables_pdf_url()}#page={self.page}"

    @property
    def classification_url(self) -> str:
        """The page of the line's classification code, if it was fetched with the line, else ""."""
        if self.classification_id and Line.classification.is_cached(self):
            return self.classification.get_absolute_url()
        return ""


class Project(models.Model):
    """A project and its performance-target table (项目绩效目标表)."""

    disclosure = models.ForeignKey(
        Disclosure, models.CASCADE, related_name="projects", verbose_name="公开文件"
    )
    order = models.PositiveIntegerField("顺序")
    code = models.CharField("项目编码", max_length=100, blank=True)
    name = models.TextField("项目名称")
    budget = models.DecimalField("预算数", max_digits=20, decimal_places=2, null=True, blank=True)
    fiscal_funds = models.DecimalField("财政资金", max_digits=20, decimal_places=2, null=True, blank=True)
    other_funds = models.DecimalField("其他资金", max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    purpose = models.TextField("资金用途", blank=True)
    spending_plan = models.JSONField("资金支出计划", default=dict, blank=True)
    goals = models.JSONField("绩效目标", default=list, blank=True)
    expense_code = models.CharField(
        "项目支出科目",
        max_length=20,
        blank=True,
        help_text="支出总表中为该项目列支项目支出的功能分类科目（能确定时）",
    )
    page = models.PositiveIntegerField("页")

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["disclosure", "order"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One performance indicator of a project."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="indicators", verbose_name="项目")
    order = models.PositiveIntegerField("顺序")
    level1 = models.TextField("一级指标", blank=True)
    level2 = models.TextField("二级指标", blank=True)
    level3 = models.TextField("三级指标", blank=True)
    description = models.TextField("绩效指标描述", blank=True)
    target = models.TextField("指标值", blank=True)
    comparator = models.CharField("比较符", max_length=20, blank=True)
    target_value = models.DecimalField("指标数值", max_digits=24, decimal_places=6, null=True, blank=True)
    target_unit = models.TextField("指标单位", blank=True)
    basis = models.TextField("指标值确定依据", blank=True)
    page = models.PositiveIntegerField("页")

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return self.level3


def three_public_amount(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=20, decimal_places=2, null=True, blank=True)


class ThreePublic(models.Model):
    """三公经费 as disclosed. An empty amount means "not stated"; 0.00 means "stated as zero"."""

    disclosure = models.OneToOneField(
        Disclosure, models.CASCADE, related_name="three_public", verbose_name="公开文件"
    )
    table_found = models.BooleanField("有三公经费表", default=False)
    table_disclosed_empty = models.BooleanField("表格空表列示", default=False)
    table_total = three_public_amount("表：合计")
    table_overseas = three_public_amount("表：因公出国（境）费")
    table_vehicles = three_public_amount("表：公务用车购置及运行维护费")
    table_vehicle_purchase = three_public_amount("表：公务用车购置费")
    table_vehicle_operation = three_public_amount("表：公务用车运行维护费")
    table_reception = three_public_amount("表：公务接待费")
    table_unit = models.CharField("表：单位", max_length=20, blank=True)
    table_page = models.PositiveIntegerField("表：页", null=True, blank=True)
    prose_found = models.BooleanField("说明中有三公经费", default=False)
    prose_total = three_public_amount("说明：合计")
    prose_overseas = three_public_amount("说明：因公出国（境）费")
    prose_vehicles = three_public_amount("说明：公务用车购置及运行维护费")
    prose_vehicle_purchase = three_public_amount("说明：公务用车购置费")
    prose_vehicle_operation = three_public_amount("说明：公务用车运行维护费")
    prose_reception = three_public_amount("说明：公务接待费")
    prose_unit = models.CharField("说明：单位", max_length=20, blank=True)
    prose_page = models.PositiveIntegerField("说明：页", null=True, blank=True)
    change = models.TextField("增减变化", blank=True)
    reason = models.TextField("变化原因", blank=True)
    sentence = models.TextField("原文", blank=True)
    page = models.PositiveIntegerField("页", null=True, blank=True)

    FIGURES = ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")

    class Meta:
        verbose_name = "三公经费"
        verbose_name_plural = "三公经费"

    def __str__(self) -> str:
        return f"{self.disclosure} 三公经费"

    def rows(self) -> list[tuple[str, object, object]]:
        """(label, table amount, prose amount) for each figure, for display."""
        return [
            (
                self._meta.get_field(f"table_{name}").verbose_name.removeprefix("表："),
                getattr(self, f"table_{name}"),
                getattr(self, f"prose_{name}"),
            )
            for name in self.FIGURES
        ]


class Unit(models.Model):
    """One row of the 机构设置 table: a unit belonging to the department."""

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="units", verbose_name="公开文件")
    order = models.PositiveIntegerField("顺序")
    name = models.TextField("单位名称")
    nature = models.TextField("单位性质", blank=True)
    rank = models.TextField("单位规格", blank=True)
    funding = models.TextField("经费保障形式", blank=True)
    page = models.PositiveIntegerField("页", null=True, blank=True)

    class Meta:
        verbose_name = "所属单位"
        verbose_name_plural = "所属单位"
        ordering = ["disclosure", "order"]

    def __str__(self) -> str:
        return self.name


class Fact(models.Model):
    """A figure stated in the explanation's prose, with its sentence."""

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="facts", verbose_name="公开文件")
    order = models.PositiveIntegerField("顺序")
    key = models.CharField("名称", max_length=100)
    label = models.TextField("原文用语", blank=True)
    value = models.DecimalField("数值", max_digits=20, decimal_places=2)
    unit = models.CharField("单位", max_length=20, blank=True)
    sentence = models.TextField("原文")
    page = models.PositiveIntegerField("页")

    class Meta:
        verbose_name = "说明中的数字"
        verbose_name_plural = "说明中的数字"
        ordering = ["disclosure", "order"]

    def __str__(self) -> str:
        return f"{self.label or self.key}: {self.value}"


class Section(models.Model):
    """A numbered section of the explanation (情况说明)."""

    disclosure = models.ForeignKey(
        Disclosure, models.CASCADE, related_name="sections", verbose_name="公开文件"
    )
    order = models.PositiveIntegerField("顺序")
    number = models.CharField("序号", max_length=20, blank=True)
    title = models.TextField("标题")
    text = models.TextField("正文", blank=True)
    page = models.PositiveIntegerField("页")

    class Meta:
        verbose_name = "说明章节"
        verbose_name_plural = "说明章节"
        ordering = ["disclosure", "order"]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title


class CheckResultQuerySet(models.QuerySet):
    def failures_first(self) -> CheckResultQuerySet:
        """Failed, then warnings, then passed, then checks that did not apply; stable within each."""
        rank = Case(
            *(
                When(status=status, then=Value(index))
                for index, status in enumerate(CheckResult.STATUS_ORDER)
            ),
            default=Value(len(CheckResult.STATUS_ORDER)),
            output_field=IntegerField(),
        )
        return self.annotate(status_rank=rank).order_by("status_rank", "order")

    def applicable(self) -> CheckResultQuerySet:
        """Checks that had something to compare (not ``not_applicable``)."""
        return self.exclude(status=CheckResult.Status.NOT_APPLICABLE)

    def summary(self) -> dict:
        """For display: the applicable checks failed first, the problems apart from the passes,
        and the checks that could not run (a table they need is missing), which are no pass."""
        checks = list(self.applicable().failures_first())
        return {
            "checks_not_applicable": list(self.exclude(pk__in=self.applicable()).order_by("order")),
            "checks": checks,
            "checks_failed": sum(check.status == CheckResult.Status.FAILED for check in checks),
            "check_problems": [check for check in checks if check.status != CheckResult.Status.OK],
            "checks_passed": [check for check in checks if check.status == CheckResult.Status.OK],
        }


class CheckResult(models.Model):
    """The outcome of one consistency check (docs/domain.md, "Checks a correct disclosure passes")."""

    class Status(models.TextChoices):
        OK = "ok", "通过"
        WARNING = "warning", "提示"
        FAILED = "failed", "未通过"
        NOT_APPLICABLE = "not_applicable", "不适用"

    STATUS_ORDER = (Status.FAILED, Status.WARNING, Status.OK, Status.NOT_APPLICABLE)

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="checks", verbose_name="公开文件")
    order = models.PositiveIntegerField("顺序")
    name = models.CharField("核验", max_length=100, help_text="稳定的核验名称，如 hierarchy、balance")
    status = models.CharField("结果", max_length=20, choices=Status.choices)
    table = models.TextField("表", blank=True)
    row = models.TextField("行", blank=True)
    column = models.TextField("列", blank=True)
    expected = models.DecimalField("应为", max_digits=20, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("实为", max_digits=20, decimal_places=2, null=True, blank=True)
    difference = models.DecimalField("差额", max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    page = models.PositiveIntegerField("页", null=True, blank=True)
    message = models.TextField("说明", blank=True)

    objects = CheckResultQuerySet.as_manager()

    class Meta:
        verbose_name = "核验结果"
        verbose_name_plural = "核验结果"
        ordering = ["disclosure", "order"]
        indexes = [models.Index(fields=["disclosure", "status"], name="check_result_status")]

    @property
    def label(self) -> str:
        """What the check verifies, in Chinese."""
        return check_label(self.name)

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"
