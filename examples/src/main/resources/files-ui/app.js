fetch('/api/items')
  .then(response => response.json())
  .then(items => {
    document.getElementById('count').textContent = items.length + ' items, '
      + items.filter(item => item.available).length + ' available';
  });
