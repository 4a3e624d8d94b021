/* The public pages' small script. Everything works without it: the code trees show all their
   rows, and every chart's numbers are in the table beside it. With it, a tree opens and closes
   (a 类 opens to its 款 and 项), and charts are drawn with Apache ECharts (static/vendor/echarts). */
(function () {
  "use strict";

  // Trees: <table class="tree"> rows carry data-key and data-parent; a parent row has a toggle.
  function setUpTree(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-key]"));
    var children = {};
    rows.forEach(function (row) {
      var parent = row.getAttribute("data-parent");
      if (parent) (children[parent] = children[parent] || []).push(row);
    });

    function toggleOf(row) {
      return row.querySelector("button.toggle");
    }

    // Opening a row shows everything under it (a 类 opens to its 款 and their 项); closing hides it.
    function setOpen(row, open) {
      var button = toggleOf(row);
      if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
      (children[row.getAttribute("data-key")] || []).forEach(function (child) {
        child.hidden = !open;
        setOpen(child, open);
      });
    }

    // A 款 opened or closed on its own: its 项 only.
    function setOwn(row, open) {
      var button = toggleOf(row);
      if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
      (children[row.getAttribute("data-key")] || []).forEach(function (child) {
        child.hidden = !open;
        if (!open) setOpen(child, false);
      });
    }

    rows.forEach(function (row) {
      var button = toggleOf(row);
      if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var open = button.getAttribute("aria-expanded") !== "true";
          if (row.getAttribute("data-parent")) setOwn(row, open);
          else setOpen(row, open);
        });
      }
    });
    rows.forEach(function (row) {
      if (!row.getAttribute("data-parent")) setOpen(row, false);
    });

    var id = table.id;
    if (!id) return;
    document.querySelectorAll('[data-tree-open="' + id + '"], [data-tree-close="' + id + '"]').forEach(function (button) {
      var open = button.hasAttribute("data-tree-open");
      button.parentElement.hidden = false;
      button.addEventListener("click", function () {
        rows.forEach(function (row) {
          if (!row.getAttribute("data-parent")) setOpen(row, open);
        });
      });
    });
  }

  // Charts: <div class="chart" data-chart="ID"> drawn from the JSON in <script id="ID">.
  var PALETTE = ["#1f5fa8", "#c2571a", "#2f7d4a", "#7a4fa0", "#a33b5b", "#5b6b7a"];

  function number(text) {
    return text === null || text === undefined ? null : Number(text);
  }

  function format(value) {
    if (value === null || value === undefined || isNaN(value)) return "—";
    return value.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function drawChart(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) return;
    var spec = JSON.parse(source.textContent);
    var count = spec.categories.length;
    if (!count) {
      element.hidden = true;
      return;
    }
    var perBar = spec.series.length > 1 ? 18 * spec.series.length : 26;
    element.style.height = (spec.horizontal ? Math.max(150, count * perBar + 80) : 300) + "px";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    var narrow = element.clientWidth < 520;
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: spec.horizontal,
      axisTick: { show: false },
      axisLabel: {
        color: "#1f2328",
        width: spec.horizontal ? (narrow ? 96 : 200) : undefined,
        overflow: spec.horizontal ? "truncate" : undefined,
        interval: 0,
        rotate: !spec.horizontal && count > 6 ? 30 : 0,
      },
    };
    var valueAxis = {
      type: "value",
      name: spec.unit,
      // Under a horizontal chart's axis, in its middle: at its end it would be cut off on a phone.
      nameLocation: spec.horizontal ? "middle" : "end",
      nameGap: spec.horizontal ? 26 : 15,
      nameTextStyle: { color: "#57606a" },
      axisLabel: { color: "#57606a" },
      splitLine: { lineStyle: { color: "#e5e8eb" } },
    };
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: {
        left: 8,
        right: narrow ? 16 : 32,
        top: spec.series.length > 1 ? 36 : spec.horizontal ? 8 : 28,
        bottom: spec.horizontal ? 30 : 8,
        containLabel: true,
      },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (value) {
          return format(value) + " " + spec.unit;
        },
      },
      legend: spec.series.length > 1 ? { top: 0 } : { show: false },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (series) {
        return {
          name: series.name,
          type: "bar",
          barMaxWidth: 28,
          data: series.data.map(number),
          cursor: spec.links.length ? "pointer" : "default",
        };
      }),
    });
    if (spec.links.length) {
      chart.on("click", function (event) {
        var url = spec.links[event.dataIndex];
        if (url) window.location.href = url;
      });
    }
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        chart.resize();
      }).observe(element);
    }
    element.setAttribute("data-drawn", "true");
  }

  function start() {
    document.querySelectorAll("table.tree").forEach(setUpTree);
    document.querySelectorAll(".chart[data-chart]").forEach(drawChart);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
