// Dashboard charts (ECharts, served from /static/vendor). Data comes from the JSON block the page renders.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var pct = function (v) { return v === null || v === undefined ? null : Math.round(v * 1000) / 10; };
  var charts = [];

  var trendEl = document.getElementById("trend-chart");
  if (trendEl) {
    var trend = echarts.init(trendEl);
    var series = [
      { name: "本地配套率", type: "line", data: data.trend.map(function (r) { return pct(r.rate); }) },
      { name: "近地配套率", type: "line", data: data.trend.map(function (r) { return pct(r.near_rate); }) }
    ];
    if (data.target) {
      series[0].markLine = { symbol: "none", data: [{ yAxis: pct(data.target), name: "目标" }],
        label: { formatter: "目标 {c}%" }, lineStyle: { type: "dashed", color: "#c0392b" } };
    }
    trend.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 32 },
      xAxis: { type: "category", data: data.trend.map(function (r) { return r.period; }) },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: series
    });
    charts.push(trend);
  }

  var funnelEl = document.getElementById("funnel-chart");
  if (funnelEl) {
    var labels = { suggested: "系统推荐", shortlisted: "链主入围", interested: "企业有意向", contacted: "已联系",
      sampling: "送样中", contracted: "已签约", declined: "不合作" };
    var funnel = echarts.init(funnelEl);
    funnel.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 72, right: 40, top: 16, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.funnel.map(function (r) { return labels[r.status] || r.status; }) },
      series: [{ type: "bar", data: data.funnel.map(function (r) { return r.count; }), label: { show: true, position: "right" },
        itemStyle: { color: "#1f5fa8" } }]
    });
    charts.push(funnel);
  }
  document.body.setAttribute("data-charts-ready", String(charts.length));
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
